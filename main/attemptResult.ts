// The figures stored with a finished attempt (what HR's tables and the xAPI statements report),
// taken from main's own report of its decision log: one function for both.
import { PHASES } from '../scenarios/format/schema';
import type { Report } from '../scenarios/engine/score';
import type { AttemptResult } from './store/schema';

export function resultOf(report: Report): AttemptResult {
  return {
    outcome: report.outcome?.outcome ?? null,
    walkOut: report.outcome?.walkOut ?? false,
    customerValue: report.outcome?.customerValue ?? null,
    overall: report.scores.overall,
    empathy: report.scores.empathy,
    proactivity: report.scores.proactivity,
    reliability: report.scores.reliability,
    passed: report.passed,
    phases: Object.fromEntries(PHASES.map((phase) => {
      const { decisions, empathy, proactivity, empathyLost, proactivityLost } = report.phases[phase];
      return [phase, { decisions, empathy, proactivity, empathyLost, proactivityLost }];
    })) as NonNullable<AttemptResult['phases']>,
  };
}
