// xAPI 1.0.3 statements of one attempt, as pure functions of the profile, the attempt and the
// scenario version it was played on: attempted, one "answered" per decision, then the end.
import type { Attempt, AttemptResult, Profile } from '../store/schema';
import { score, type Report } from '../../scenarios/engine/score';
import type { Scenario } from '../../scenarios/format/schema';
import type { LocalizedText } from '../../scenarios/format/text';
import { STATEMENT_ID_NAMESPACE, uuidV5 } from './uuid';
import { ACTIVITY_TYPES, DEFAULT_STATEMENT_SETTINGS, VERBS, vocabulary, type ExtensionName, type StatementKind, type StatementSettings, type Vocabulary } from './vocabulary';
import { resultOf } from '../attemptResult';

export type LanguageMap = Readonly<Record<string, string>>;
export type Extensions = Readonly<Record<string, unknown>>;

export interface XapiAgent {
  readonly objectType: 'Agent';
  readonly name?: string;
  readonly account: { readonly homePage: string; readonly name: string };
}

export interface XapiActivity {
  readonly objectType: 'Activity';
  readonly id: string;
  readonly definition?: {
    readonly name?: LanguageMap;
    readonly description?: LanguageMap;
    readonly type?: string;
    readonly interactionType?: 'choice';
    readonly choices?: readonly { readonly id: string; readonly description: LanguageMap }[];
    readonly extensions?: Extensions;
  };
}

export interface XapiResult {
  readonly score?: { readonly scaled: number; readonly raw: number; readonly min: number; readonly max: number };
  readonly success?: boolean;
  readonly completion?: boolean;
  readonly response?: string;
  readonly duration?: string;
  readonly extensions?: Extensions;
}

export interface XapiStatement {
  readonly id: string;
  readonly actor: XapiAgent;
  readonly verb: { readonly id: string; readonly display: LanguageMap };
  readonly object: XapiActivity;
  readonly result?: XapiResult;
  readonly context: {
    readonly registration: string;
    readonly revision: string;
    readonly platform: string;
    readonly language: string;
    readonly contextActivities?: { readonly parent: readonly XapiActivity[] };
    readonly extensions: Extensions;
  };
  readonly timestamp: string;
}

export class StatementInputError extends Error {
  override readonly name = 'StatementInputError';
}

/** The platform named in every statement's context. */
export const PLATFORM = 'Comptoir';

/** ISO 8601 duration of `ms` milliseconds at 0.01 s precision (what xAPI asks LRSs to keep). */
export function isoDuration(ms: number): string {
  const centis = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(centis / 360_000);
  const minutes = Math.floor((centis % 360_000) / 6000);
  const seconds = (centis % 6000) / 100;
  const parts = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
  return `PT${parts}`;
}

/** A score on 0–100 as xAPI's scaled value (−1…1), rounded so 73.4 gives 0.734 and not 0.7340000000000001. */
const scaled = (overall: number) => Math.round(Math.min(100, Math.max(0, overall)) * 100) / 10_000;

/** The text as a language map (only the languages it exists in; RFC 5646 tags fr and en). */
const languageMap = (text: LocalizedText): LanguageMap => ({ ...(text.fr !== undefined ? { fr: text.fr } : {}), ...(text.en !== undefined ? { en: text.en } : {}) });

const TIMEOUT_TEXT: LanguageMap = { fr: '(temps écoulé, sans réponse)', en: '(time ran out, no answer)' };

const withoutNulls = <T extends Record<string, unknown>>(record: T): Partial<T> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

function actorOf(profile: Profile, v: Vocabulary): XapiAgent {
  // An employee id belongs to HR's own namespace; without one, the profile's uuid is Comptoir's.
  const account = profile.employeeId !== undefined
    ? { homePage: v.employeeHomePage, name: profile.employeeId }
    : { homePage: v.profileHomePage, name: profile.id };
  return { objectType: 'Agent', name: profile.displayName, account };
}

function scenarioActivity(scenario: Scenario, v: Vocabulary): XapiActivity {
  return {
    objectType: 'Activity',
    id: v.scenario(scenario.id),
    definition: {
      name: languageMap(scenario.title),
      ...(scenario.summary ? { description: languageMap(scenario.summary) } : {}),
      type: ACTIVITY_TYPES.scenario,
    },
  };
}

function stepActivity(scenario: Scenario, stepId: string, v: Vocabulary): XapiActivity {
  const step = scenario.steps.find((s) => s.id === stepId);
  if (!step) throw new StatementInputError(`step "${stepId}" is not in scenario ${scenario.id} v${scenario.version}`);
  const title = languageMap(scenario.title);
  const name = Object.fromEntries(Object.entries(title).map(([lang, t]) => [lang, lang === 'fr' ? `${t} — étape ${step.id}` : `${t} — step ${step.id}`]));
  return {
    objectType: 'Activity',
    id: v.step(scenario.id, step.id),
    definition: {
      name,
      description: languageMap(step.customer.line),
      type: ACTIVITY_TYPES.step,
      interactionType: 'choice',
      choices: [
        ...step.choices.map((c) => ({ id: c.id, description: languageMap(c.text) })),
        ...(step.timer ? [{ id: step.timer.timeout.id, description: TIMEOUT_TEXT }] : []),
      ],
    },
  };
}

/** What the attempt's end statements report: the stored result (what HR's tables show), else the report's. */
function headline(attempt: Attempt, report: Report): AttemptResult {
  return attempt.result ?? resultOf(report);
}

export interface AttemptStatementsInput {
  readonly profile: Profile;
  readonly attempt: Attempt;
  /** The scenario version the attempt was played on (the store keeps it by content hash). */
  readonly scenario: Scenario;
}

/**
 * Every statement of an attempt, in order: attempted (at its start), answered (one per decision),
 * then completed and, for an assessed attempt, passed or failed (once finished) or abandoned.
 * Deterministic: the same input gives the same statements, ids and timestamps included.
 */
export function attemptStatements(input: AttemptStatementsInput, settings: StatementSettings = DEFAULT_STATEMENT_SETTINGS): XapiStatement[] {
  const { profile, attempt, scenario } = input;
  if (attempt.profileId !== profile.id) throw new StatementInputError(`attempt ${attempt.id} belongs to profile ${attempt.profileId}, not ${profile.id}`);
  if (attempt.scenarioId !== scenario.id || attempt.scenarioVersion !== scenario.version) {
    throw new StatementInputError(`attempt ${attempt.id} was played on ${attempt.scenarioId} v${attempt.scenarioVersion}, not ${scenario.id} v${scenario.version}`);
  }
  const report = score(scenario, attempt.log);
  if (report.status === 'invalid-log') throw new StatementInputError(`attempt ${attempt.id}: the decision log does not replay (${report.invalid?.reason ?? 'invalid'})`);

  const v = vocabulary(settings);
  const ext = (values: Partial<Record<ExtensionName, unknown>>): Extensions =>
    Object.fromEntries(Object.entries(withoutNulls(values)).map(([k, value]) => [v.extension(k as ExtensionName), value]));
  const actor = actorOf(profile, v);
  const scenarioObject = scenarioActivity(scenario, v);
  const contextOf = (extra: Partial<Record<ExtensionName, unknown>>, parent?: XapiActivity) => ({
    registration: attempt.id,
    revision: String(scenario.version),
    platform: PLATFORM,
    language: scenario.mainLanguage,
    ...(parent ? { contextActivities: { parent: [parent] } } : {}),
    extensions: ext({ 'attempt-kind': attempt.kind, 'timer-mode': attempt.timerMode, 'pass-mark': scenario.rules.passMark, 'content-hash': attempt.contentHash, ...extra }),
  });
  const statement = (kind: StatementKind, index: number, rest: Omit<XapiStatement, 'id' | 'actor' | 'verb'>): XapiStatement => ({
    id: uuidV5(`${attempt.id}/${kind}/${index}`, STATEMENT_ID_NAMESPACE),
    actor,
    verb: VERBS[kind],
    ...rest,
  });

  const out: XapiStatement[] = [
    statement('attempted', 0, { object: scenarioObject, context: contextOf({}), timestamp: attempt.startedAt }),
  ];

  for (const d of report.decisions) {
    const entry = attempt.log.decisions[d.index]!;
    const step = scenario.steps.find((s) => s.id === d.stepId)!;
    const text = d.timedOut ? TIMEOUT_TEXT : languageMap(step.choices.find((c) => c.id === d.choiceId)!.text);
    out.push(statement('answered', d.index, {
      object: stepActivity(scenario, d.stepId, v),
      result: {
        response: d.choiceId,
        duration: isoDuration(d.hesitationMs),
        // Only what the decision itself settles: whether a later loop erases it from the score is
        // not known until the end, and statements must not change once sent.
        extensions: ext({
          phase: d.phase,
          behaviour: d.behaviour,
          'choice-text': text,
          'timed-out': d.timedOut,
          'decision-empathy': d.empathy,
          'decision-proactivity': d.proactivity,
          'cold-influence': d.coldInfluence,
          'customer-reaction': d.deltas,
          theory: d.theory,
        }),
      },
      context: contextOf({ 'decision-index': d.index }, scenarioObject),
      timestamp: new Date(entry.at).toISOString(),
    }));
  }

  if (attempt.status === 'finished' && attempt.finishedAt !== undefined) {
    const r = headline(attempt, report);
    const assessed = attempt.kind === 'assessed';
    const result: XapiResult = {
      score: { scaled: scaled(r.overall), raw: r.overall, min: 0, max: 100 },
      // Practice attempts are never counted as a pass or a fail (HR's rule): no success, no verdict.
      ...(assessed ? { success: r.passed } : {}),
      completion: true,
      duration: isoDuration(Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt)),
      extensions: ext({
        empathy: r.empathy,
        proactivity: r.proactivity,
        reliability: r.reliability,
        outcome: r.outcome,
        'customer-value': r.customerValue,
        'walk-out': r.walkOut,
        ...(r.phases ? { phases: Object.fromEntries(Object.entries(r.phases).map(([p, s]) => [p, withoutNulls(s)])) } : {}),
      }),
    };
    out.push(statement('completed', 0, { object: scenarioObject, result, context: contextOf({}), timestamp: attempt.finishedAt }));
    if (assessed) out.push(statement(r.passed ? 'passed' : 'failed', 0, { object: scenarioObject, result, context: contextOf({}), timestamp: attempt.finishedAt }));
  } else if (attempt.status === 'abandoned') {
    out.push(statement('abandoned', 0, {
      object: scenarioObject,
      result: { completion: false, duration: isoDuration(Date.parse(attempt.updatedAt) - Date.parse(attempt.startedAt)) },
      context: contextOf({}),
      timestamp: attempt.updatedAt,
    }));
  }
  return out;
}
