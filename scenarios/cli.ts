// The command-line face of the domain: lint, play, analyze and schema (the only node code in
// scenarios/; nothing in the domain imports it).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyseSource } from './engine/analysis';
import { formatDiagnostic } from './format/messages';
import { loadScenario } from './format/parse';
import { scenarioJsonSchemaText } from './format/jsonSchema';
import { fixFrenchTypography } from './format/typography';
import { LANGUAGES, resolveText, type Lang } from './format/text';
import { SERVICE_CHARACTERISTICS, TIMER_MODES, type Scenario, type ServiceCharacteristic, type TimerMode } from './format/schema';
import { runScenario, RunInputError, type RunInput } from './engine/runner';
import { score, type Report } from './engine/score';
import { DecisionLogSchema } from './engine/logSchema';

const USAGE = `Usage:
  npm run scenario -- lint <files...> [--json] [--lang fr|en]
  npm run scenario -- play <file> --choices <ids or 1-based indexes, comma-separated> [--timeout-at <step ids>] [--timer-mode normal|relaxed|off] [--json] [--lang fr|en]
  npm run scenario -- play <file> --log <decisions.json> [--json] [--lang fr|en]
  npm run scenario -- analyze <file> [--json] [--lang fr|en]
  npm run scenario -- schema
  npm run scenario -- fix-typography <files...>   (rewrites French texts with the right non-breaking spaces)`;

class UsageError extends Error {}

function lang(value: string | undefined): Lang {
  const l = value ?? 'fr';
  if (!(LANGUAGES as readonly string[]).includes(l)) throw new UsageError(`--lang must be fr or en (got "${l}")`);
  return l as Lang;
}

function read(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function loadOrFail(file: string, l: Lang): Scenario {
  const { scenario, diagnostics } = loadScenario(read(file), l);
  if (!scenario) {
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(file, d)}\n`);
    throw new ExitError(1);
  }
  return scenario;
}

class ExitError extends Error {
  constructor(readonly code: number) { super(`exit ${code}`); }
}

const pct = (n: number) => `${n}/100`;

const SERVICE_NAMES: Record<ServiceCharacteristic, Record<Lang, string>> = {
  reliability: { fr: 'fiabilité', en: 'reliability' },
  responsiveness: { fr: 'réactivité', en: 'responsiveness' },
  assurance: { fr: 'assurance', en: 'assurance' },
  empathy: { fr: 'empathie', en: 'empathy' },
  tangibles: { fr: 'tangibles', en: 'tangibles' },
};

function logIn(raw: unknown): unknown {
  const field = (v: unknown, key: string): unknown => (typeof v === 'object' && v !== null && key in v ? (v as Record<string, unknown>)[key] : undefined);
  const stored = field(field(field(raw, 'data'), 'attempt'), 'log');
  return stored ?? field(raw, 'log') ?? raw;
}

function printReport(report: Report, scenario: Scenario, l: Lang): void {
  const t = (fr: string, en: string) => (l === 'fr' ? fr : en);
  const lines = [
    `${resolveText(scenario.title, l, scenario.mainLanguage)} (v${scenario.version}) — ${t('minuterie', 'timer')}: ${report.timerMode}`,
    `${t('Statut', 'Status')}: ${report.status}${report.invalid ? ` — ${report.invalid.reason}` : ''}`,
    report.outcome ? `${t('Issue', 'Outcome')}: ${report.outcome.outcome}${report.outcome.walkOut ? t(' (départ du client)', ' (walked out)') : ''} — ${report.outcome.customerValue} $` : `${t('Issue', 'Outcome')}: —`,
    `${t('Global', 'Overall')} ${pct(report.scores.overall)} (${report.passed ? t('réussi', 'passed') : t('non réussi', 'not passed')}, ${t('seuil', 'pass mark')} ${report.passMark}) · ${t('Empathie', 'Empathy')} ${pct(report.scores.empathy)} · ${t('Proactivité', 'Proactivity')} ${pct(report.scores.proactivity)} · ${t('Fiabilité', 'Reliability')} ${pct(report.scores.reliability)}`,
  ];
  for (const d of report.decisions) {
    lines.push(`  ${d.index + 1}. [${d.phase}] ${d.stepId} → ${d.choiceId}${d.timedOut ? t(' (temps écoulé)', ' (timed out)') : ''} · ${d.behaviour} · ${t('empathie', 'empathy')} ${d.empathy}${d.coldInfluence ? t(' · à froid', ' · cold') : ''}${d.scored ? '' : t(' · non compté', ' · not scored')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      choices: { type: 'string' },
      'timeout-at': { type: 'string' },
      'timer-mode': { type: 'string' },
      log: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const l = lang(values.lang);
  switch (command) {
    case 'schema':
      process.stdout.write(scenarioJsonSchemaText());
      return 0;
    case 'fix-typography': {
      if (positionals.length === 0) throw new UsageError('fix-typography needs at least one file');
      for (const file of positionals) {
        const text = new TextDecoder().decode(read(file));
        let doc: unknown;
        try { doc = JSON.parse(text); } catch { throw new UsageError(`${file}: not valid JSON`); }
        let changed = 0;
        const visit = (node: unknown): unknown => {
          if (Array.isArray(node)) return node.map(visit);
          if (typeof node !== 'object' || node === null) return node;
          const entries = Object.entries(node as Record<string, unknown>).map(([k, v]) => {
            if (k === 'fr' && typeof v === 'string') {
              const fixed = fixFrenchTypography(v);
              if (fixed !== v) changed++;
              return [k, fixed];
            }
            return [k, visit(v)];
          });
          return Object.fromEntries(entries);
        };
        const fixed = visit(doc);
        if (changed > 0) writeFileSync(file, `${JSON.stringify(fixed, null, 2)}\n`);
        process.stdout.write(`${file}: ${changed} ${l === 'fr' ? 'texte(s) corrigé(s)' : 'text(s) fixed'}\n`);
      }
      return 0;
    }
    case 'lint': {
      if (positionals.length === 0) throw new UsageError('lint needs at least one file');
      let errors = 0;
      const results = [];
      for (const file of positionals) {
        const { diagnostics } = analyseSource(read(file), l);
        errors += diagnostics.filter((d) => d.severity === 'error').length;
        if (values.json) results.push({ file, diagnostics });
        else for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(file, d)}\n`);
      }
      if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      return errors > 0 ? 1 : 0;
    }
    case 'analyze': {
      const [file] = positionals;
      if (file === undefined || positionals.length > 1) throw new UsageError('analyze takes one file');
      const { diagnostics, figures } = analyseSource(read(file), l);
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ file, diagnostics, figures }, null, 2)}\n`);
      } else {
        for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(file, d)}\n`);
        if (figures) {
          const t = (fr: string, en: string) => (l === 'fr' ? fr : en);
          process.stdout.write([
            `${t('Étapes', 'Steps')}: ${figures.steps} · ${t('choix', 'choices')}: ${figures.choices} · ${t('chemins', 'paths')}: ${figures.pathCountCapped ? '≥ ' : ''}${figures.pathCount}`,
            `${t('Empathie brute', 'Raw empathy')}: ${figures.empathy.min} … ${figures.empathy.max} · ${t('proactivité brute', 'raw proactivity')}: ${figures.proactivity.min} … ${figures.proactivity.max}${figures.exact ? '' : t(' (bornes approchées)', ' (approximate bounds)')}`,
            `${t('Global', 'Overall')}: ${figures.overall.min} … ${figures.overall.max} · ${t('fiabilité', 'reliability')}: ${figures.reliability.min} … ${figures.reliability.max}`,
            SERVICE_CHARACTERISTICS.some((c) => figures.service[c])
              ? `${t('Service, points bruts', 'Service, raw points')}: ${SERVICE_CHARACTERISTICS.map((c) => `${SERVICE_NAMES[c][l]} ${figures.service[c] ? `${figures.service[c].min} … ${figures.service[c].max}` : t('non évalué', 'not assessed')}`).join(' · ')}`
              : t('Service: aucun choix étiqueté', 'Service: no choice tagged'),
            `${t('Meilleur chemin', 'Optimal path')} (${figures.optimal.outcome?.outcome ?? '—'}, ${t('global', 'overall')} ${figures.optimal.scores.overall}): ${figures.optimal.choices.join(' → ')}`,
            `${t('Pire chemin', 'Worst path')} (${figures.worst.outcome?.outcome ?? '—'}, ${t('global', 'overall')} ${figures.worst.scores.overall}): ${figures.worst.choices.join(' → ')}`,
          ].join('\n') + '\n');
        }
      }
      return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
    }
    case 'play': {
      const [file] = positionals;
      if (file === undefined || positionals.length > 1) throw new UsageError('play takes one file');
      const scenario = loadOrFail(file, l);
      let report: Report;
      if (values.log !== undefined) {
        if (values.choices !== undefined) throw new UsageError('use either --choices or --log');
        let raw: unknown;
        try {
          raw = JSON.parse(new TextDecoder().decode(read(values.log)));
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new UsageError(`${values.log}: not valid JSON`);
        }
        // The log itself, an attempt ({ log }), or an attempt file as main stores it ({ data: { attempt: { log } } }).
        const candidate = logIn(raw);
        const parsed = DecisionLogSchema.safeParse(candidate);
        if (!parsed.success) throw new UsageError(`${values.log}: not a decision log — ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        report = score(scenario, parsed.data);
      } else {
        const mode = values['timer-mode'] ?? 'normal';
        if (!(TIMER_MODES as readonly string[]).includes(mode)) throw new UsageError(`--timer-mode must be one of ${TIMER_MODES.join(', ')}`);
        const inputs: RunInput[] = (values.choices ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        const timeoutAt = new Set((values['timeout-at'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
        try {
          report = runScenario(scenario, inputs, { timerMode: mode as TimerMode, timeoutAt }).report;
        } catch (error) {
          if (error instanceof RunInputError) throw new UsageError(error.message);
          throw error;
        }
      }
      if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report, scenario, l);
      return report.status === 'invalid-log' ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

// A closed pipe (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ExitError) process.exitCode = error.code;
  else if (error instanceof UsageError || (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`scenario: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else throw error;
}
