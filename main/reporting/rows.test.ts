// Rows from a real store, played through the engine: attempts, per-phase (stored or recomputed
// from the log), decisions with their choice text; selections; then the exports end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { attemptRows, countRows, decisionRows, phaseRows, storeSource, type AttemptRow, type ReportingSource, type RowIssue } from './rows';
import { exportCsv, exportXlsx, decisionsFitInXlsx } from './export';
import { XlsxRowLimitError } from './xlsx';
import { ATTEMPTS_TABLE, PHASES_TABLE } from './columns';
import { excelLocalDate } from './cells';
import { InvalidFilterError } from './filter';
import { HOSTILE_NAME, parseCsv, parseFrenchDate, reportingFixture, reportingScenario, toMinute, type ReportingFixture } from './testkit';
import { PHASES } from '../../scenarios/format/schema';
import { score } from '../../scenarios/engine/score';
import type { Attempt, AttemptSummary } from '../store/schema';

let fx: ReportingFixture;
let source: ReportingSource;
beforeEach(async () => {
  fx = await reportingFixture();
  source = storeSource(fx.store, fx.library);
});
afterEach(async () => {
  await fx.store.close();
  rmSync(fx.dir, { recursive: true, force: true });
});

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
};

/** A finished assessed attempt, a practice one, an abandoned one, one in progress, one stored before per-phase figures. */
async function history(): Promise<Record<'won' | 'practice' | 'abandoned' | 'live' | 'old' | 'lost', Attempt>> {
  const { hostile, awa, bob } = fx.profiles;
  const won = await fx.play({ profile: hostile, inputs: [{ choice: 'sourire', hesitationMs: 1_500 }, { choice: 'question', hesitationMs: 3_200 }] });
  fx.tick(86_400_000);
  const practice = await fx.play({ profile: hostile, kind: 'practice', inputs: [{ choice: 'attendre', hesitationMs: 900 }, { choice: 'question', hesitationMs: 700 }] });
  const lost = await fx.play({ profile: awa, timerMode: 'relaxed', inputs: [{ timeout: true }, { choice: 'catalogue', hesitationMs: 4_000 }] });
  const abandoned = await fx.play({ profile: bob, end: 'abandoned', inputs: [{ choice: 'sourire', hesitationMs: 2_000 }] });
  const old = await fx.play({ profile: bob, end: 'finished-without-phases', inputs: [{ choice: 'attendre', hesitationMs: 5_000 }, { choice: 'question', hesitationMs: 1_000 }] });
  const live = await fx.play({ profile: awa, end: 'in-progress', inputs: [{ choice: 'sourire', hesitationMs: 1_000 }, { choice: 'question', hesitationMs: 1_000 }] });
  return { won, practice, abandoned, live, old, lost };
}

describe('attempt rows', () => {
  it('are one per attempt, in time order, with the trainee, the scenario version’s title and the stored result', async () => {
    const h = await history();
    const rows = await collect(attemptRows(source, { lang: 'fr' }));
    expect(rows.map((r) => r.attemptId)).toEqual([h.won, h.practice, h.lost, h.abandoned, h.old, h.live].map((a) => a.id));
    const won = rows[0]!;
    expect(won).toEqual({
      attemptId: h.won.id,
      traineeId: fx.profiles.hostile.id,
      traineeName: HOSTILE_NAME,
      employeeId: '-42',
      cohort: 'Promo A',
      site: 'Lyon ; Part-Dieu',
      scenarioId: 'guichet-test',
      scenarioTitle: 'Guichet ; « test »',
      scenarioVersion: 3,
      kind: 'assessed',
      status: 'finished',
      timerMode: 'normal',
      startedAt: new Date(h.won.startedAt),
      finishedAt: new Date(h.won.finishedAt!),
      durationSeconds: Math.round((Date.parse(h.won.finishedAt!) - Date.parse(h.won.startedAt)) / 1000),
      decisions: 2,
      overall: h.won.result!.overall,
      empathy: h.won.result!.empathy,
      proactivity: h.won.result!.proactivity,
      reliability: h.won.result!.reliability,
      outcome: 'prescriber',
      walkOut: false,
      customerValue: 500,
      passed: true,
    } satisfies AttemptRow);
    expect(rows[2]).toMatchObject({ traineeName: 'Awa Diallo', timerMode: 'relaxed', outcome: 'lost', passed: false, customerValue: 0 });
    expect(rows[3]).toMatchObject({ status: 'abandoned', finishedAt: null, overall: null, outcome: null, walkOut: null, passed: null, decisions: 1 });
    // An attempt in progress: its time so far, until its last saved decision.
    expect(rows[5]).toMatchObject({ status: 'in-progress', finishedAt: null, overall: null });
    const english = await collect(attemptRows(source, { lang: 'en' }));
    expect(english[0]!.scenarioTitle).toBe('Counter; "test"');
  });

  it('come from a store source whose summaries also read one at a time, in time order', async () => {
    const h = await history();
    const ids: string[] = [];
    for await (const s of source.summaries()) ids.push(s.id);
    expect(ids).toEqual([h.won, h.practice, h.lost, h.abandoned, h.old, h.live].map((a) => a.id));
  });

  it('fall back to the library’s title when the played version is missing, and to none without it', async () => {
    await fx.play({ profile: fx.profiles.awa, missingVersion: true, inputs: ['sourire', 'question'] });
    expect((await collect(attemptRows(source, { lang: 'fr' })))[0]!.scenarioTitle).toBe('Guichet ; « test »');
    expect((await collect(attemptRows(storeSource(fx.store), { lang: 'fr' })))[0]!.scenarioTitle).toBeNull();
  });
});

describe('per-phase rows', () => {
  it('are one per phase with decisions of each attempt with a result, from the stored figures or recomputed from the log', async () => {
    const h = await history();
    const rows = await collect(phaseRows(source, { lang: 'fr' }));
    // Finished attempts only (abandoned and in-progress ones have no result), phases without decisions left out.
    expect([...new Set(rows.map((r) => r.attemptId))]).toEqual([h.won, h.practice, h.lost, h.old].map((a) => a.id));
    for (const attempt of [h.won, h.practice, h.lost, h.old]) {
      const report = score(reportingScenario, (await fx.store.getAttempt(attempt.id))!.log);
      const expected = PHASES.filter((p) => report.phases[p].decisions > 0).map((phase) => {
        const f = report.phases[phase];
        return {
          attemptId: attempt.id, traineeName: attempt.profileId === fx.profiles.bob.id ? fx.profiles.bob.displayName : attempt.profileId === fx.profiles.awa.id ? 'Awa Diallo' : HOSTILE_NAME,
          scenarioId: 'guichet-test', phase, decisions: f.decisions, empathy: f.empathy, proactivity: f.proactivity, empathyLost: f.empathyLost, proactivityLost: f.proactivityLost,
          pointsLost: Math.round((f.empathyLost + f.proactivityLost) * 10) / 10,
        };
      });
      expect(rows.filter((r) => r.attemptId === attempt.id)).toEqual(expected);
    }
    expect(h.old.result!.phases).toBeUndefined();
    expect(rows.filter((r) => r.attemptId === h.old.id).map((r) => r.phase)).toEqual(['seduction', 'influence']);
    // The practice attempt waited: empathy and proactivity points lost in séduction.
    expect(rows.find((r) => r.attemptId === h.practice.id && r.phase === 'seduction')!.pointsLost).toBeGreaterThan(0);
  });

  it('report an older attempt they cannot recompute (its scenario version is gone) instead of inventing figures', async () => {
    const old = await fx.play({ profile: fx.profiles.awa, missingVersion: true, end: 'finished-without-phases', inputs: ['sourire', 'question'] });
    const issues: RowIssue[] = [];
    expect(await collect(phaseRows(source, { lang: 'fr', onIssue: (i) => issues.push(i) }))).toEqual([]);
    expect(issues).toEqual([{ attemptId: old.id, code: 'scenario-version-missing' }]);
  });
});

describe('decision rows', () => {
  it('are one per logged decision with the choice text in the chosen language, timeouts said as such', async () => {
    const h = await history();
    const fr = await collect(decisionRows(source, { lang: 'fr', filter: { traineeId: fx.profiles.hostile.id } }));
    const won = (await fx.store.getAttempt(h.won.id))!;
    expect(fr.filter((r) => r.attemptId === h.won.id)).toEqual(won.log.decisions.map((d, i) => ({
      attemptId: h.won.id, traineeName: HOSTILE_NAME, employeeId: '-42', scenarioId: 'guichet-test', scenarioVersion: 3, index: i + 1,
      stepId: d.stepId, choiceId: d.choiceId, choiceText: ['Bonjour ; « bienvenue »,\nque puis-je faire ?', 'Quel est votre besoin ?'][i],
      phase: d.phase, behaviour: d.behaviour, timedOut: false, hesitationMs: d.hesitationMs, at: new Date(d.at),
    })));
    expect(fr.map((r) => r.choiceText)).toContain('=1+1 attendre');
    const en = await collect(decisionRows(source, { lang: 'en', filter: { traineeId: fx.profiles.awa.id } }));
    expect(en.filter((r) => r.attemptId === h.lost.id).map((r) => [r.choiceId, r.choiceText, r.timedOut, r.behaviour])).toEqual([
      ['accueil-temps', '(time ran out, no answer)', true, 'passive'],
      ['catalogue', 'Here is the catalogue', false, 'reactive'],
    ]);
    // The attempt in progress shows the decisions on disk, even those its summary does not count yet.
    expect(en.filter((r) => r.attemptId === h.live.id)).toHaveLength(1);
  });

  it('keep the decisions of a missing scenario version without text, and say so', async () => {
    const a = await fx.play({ profile: fx.profiles.awa, missingVersion: true, inputs: ['sourire', 'question'] });
    const issues: RowIssue[] = [];
    const rows = await collect(decisionRows(source, { lang: 'fr', onIssue: (i) => issues.push(i) }));
    expect(rows.map((r) => [r.choiceId, r.choiceText])).toEqual([['sourire', null], ['question', null]]);
    expect(issues).toEqual([{ attemptId: a.id, code: 'scenario-version-missing' }]);
  });
});

describe('selections', () => {
  it('keep the attempts of a cohort, a site, a scenario, a trainee, a kind or a period', async () => {
    const h = await history();
    const ids = async (filter: Parameters<typeof attemptRows>[1]['filter']) => (await collect(attemptRows(source, { lang: 'fr', ...(filter ? { filter } : {}) }))).map((r) => r.attemptId);
    expect(await ids({ cohort: 'Promo B' })).toEqual([h.abandoned.id, h.old.id]);
    expect(await ids({ site: 'Paris' })).toEqual([h.lost.id, h.live.id]);
    expect(await ids({ cohort: 'Promo A', kind: 'practice' })).toEqual([h.practice.id]);
    expect(await ids({ traineeId: fx.profiles.hostile.id })).toEqual([h.won.id, h.practice.id]);
    expect(await ids({ scenarioId: 'autre' })).toEqual([]);
    // From the second day: the first attempt (day one) is left out; `to` is exclusive.
    expect(await ids({ from: h.practice.startedAt, to: h.abandoned.startedAt })).toEqual([h.practice.id, h.lost.id]);
    expect(await countRows(source, { traineeId: fx.profiles.hostile.id })).toEqual({ attempts: 2, decisions: 4 });
  });

  it('refuse an empty or malformed period with a clear message', async () => {
    await expect(collect(attemptRows(source, { lang: 'fr', filter: { from: '2024-03-02T00:00:00Z', to: '2024-03-01T00:00:00Z' } }))).rejects.toThrow(/La période est vide.*The period is empty/);
    await expect(collect(attemptRows(source, { lang: 'fr', filter: { from: 'hier' } }))).rejects.toThrow(InvalidFilterError);
  });
});

describe('exports end to end', () => {
  it('CSV (France) of the store parses back, with French conventions, to the attempt rows', async () => {
    await history();
    const file = join(fx.dir, 'exports', 'rencontres.csv');
    const result = await exportCsv(source, { table: 'attempts', dialect: 'excel-fr', lang: 'fr' }, file);
    const rows = await collect(attemptRows(source, { lang: 'fr' }));
    expect(result).toMatchObject({ table: 'attempts', rows: rows.length, issues: {} });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...records] = parseCsv(text.slice(1), ';');
    expect(header).toEqual(ATTEMPTS_TABLE.columns.map((c) => c.header.fr));
    const at = (name: string) => header!.indexOf(name);
    for (const [i, row] of rows.entries()) {
      const r = records[i]!;
      expect(r[at('Stagiaire')]).toBe(row.traineeName === HOSTILE_NAME ? `'${HOSTILE_NAME}` : row.traineeName ?? '');
      expect(r[at('Matricule')]).toBe(row.employeeId === '-42' ? "'-42" : row.employeeId ?? '');
      expect(parseFrenchDate(r[at('Début')]!)).toEqual(toMinute(row.startedAt));
      if (row.finishedAt) expect(parseFrenchDate(r[at('Fin')]!)).toEqual(toMinute(row.finishedAt));
      else expect(r[at('Fin')]).toBe('');
      expect(r[at('Score global')]).toBe(row.overall === null ? '' : String(row.overall).replace('.', ','));
      expect(r[at('Empathie')]).toBe(row.empathy === null ? '' : String(row.empathy).replace('.', ','));
      expect(Number(r[at('Durée (s)')])).toBe(row.durationSeconds);
      expect(r[at('Réussie')]).toBe(row.passed === null ? '' : row.passed ? 'oui' : 'non');
      expect(r[at('Type')]).toBe(row.kind === 'assessed' ? 'évaluée' : 'entraînement');
    }
  });

  it('XLSX of the store reads back with exceljs to the attempt and per-phase rows, typed', async () => {
    await history();
    const file = join(fx.dir, 'rapport.xlsx');
    const result = await exportXlsx(source, { lang: 'fr' }, file);
    const attempts = await collect(attemptRows(source, { lang: 'fr' }));
    const phases = await collect(phaseRows(source, { lang: 'fr' }));
    expect(result.sheets.map((s) => s.rows)).toEqual([attempts.length, phases.length]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const [sheet, phaseSheet] = workbook.worksheets;
    const col = (key: string) => ATTEMPTS_TABLE.columns.findIndex((c) => c.key === key) + 1;
    for (const [i, row] of attempts.entries()) {
      const r = sheet!.getRow(i + 2);
      expect(r.getCell(col('attemptId')).value).toBe(row.attemptId);
      expect(r.getCell(col('startedAt')).value).toEqual(excelLocalDate(row.startedAt));
      expect(r.getCell(col('overall')).value).toBe(row.overall);
      expect(r.getCell(col('decisions')).value).toBe(row.decisions);
      expect(r.getCell(col('passed')).value).toBe(row.passed);
      expect(r.getCell(col('traineeName')).value).toBe(row.traineeName === HOSTILE_NAME ? `'${HOSTILE_NAME}` : row.traineeName?.replace(/\r\n?/g, '\n') ?? null);
    }
    const pcol = (key: string) => PHASES_TABLE.columns.findIndex((c) => c.key === key) + 1;
    for (const [i, row] of phases.entries()) {
      const r = phaseSheet!.getRow(i + 2);
      expect([r.getCell(pcol('attemptId')).value, r.getCell(pcol('phase')).value, r.getCell(pcol('pointsLost')).value, r.getCell(pcol('empathy')).value])
        .toEqual([row.attemptId, { seduction: 'séduction', influence: 'influence', prestation: 'prestation', ancrage: 'ancrage' }[row.phase], row.pointsLost, row.empathy]);
    }
  });

  it('XLSX with a decisions sheet when the selection fits', async () => {
    await history();
    const file = join(fx.dir, 'decisions.xlsx');
    const result = await exportXlsx(source, { lang: 'en', decisions: true }, file);
    const decisions = await collect(decisionRows(source, { lang: 'en' }));
    expect(result.sheets.map((s) => [s.name, s.rows])).toEqual([['Attempts', 6], ['Phase scores', expect.any(Number)], ['Decisions', decisions.length]]);
  });

  it('XLSX with decisions past Excel’s rows is refused before any log is read or any file made', async () => {
    let logsRead = 0;
    const summary = (n: number): AttemptSummary => ({
      id: `00000000-0000-4000-8000-00000000000${n}`, profileId: fx.profiles.awa.id, scenarioId: 'guichet-test', scenarioVersion: 3, contentHash: fx.entry.contentHash,
      timerMode: 'off', kind: 'assessed', status: 'finished', startedAt: '2024-03-05T08:00:00.000Z', updatedAt: '2024-03-05T09:00:00.000Z', decisions: 600_000,
    });
    const big: ReportingSource = {
      profiles: async () => [fx.profiles.awa],
      async *summaries() { yield summary(1); yield summary(2); },
      attempt: async () => { logsRead++; return undefined; },
      scenarioVersion: async () => reportingScenario,
      currentScenario: () => reportingScenario,
    };
    expect(await decisionsFitInXlsx(big)).toEqual({ fits: false, decisions: 1_200_000, limit: 1_048_575 });
    const file = join(fx.dir, 'out', 'big.xlsx');
    await expect(exportXlsx(big, { lang: 'fr', decisions: true }, file)).rejects.toBeInstanceOf(XlsxRowLimitError);
    await expect(exportXlsx(big, { lang: 'fr', decisions: true }, file)).rejects.toThrow(/Exportez-la en CSV.*Export it as CSV/);
    expect(logsRead).toBe(0);
    expect(readdirSync(fx.dir)).not.toContain('out');
    // The same selection narrowed to what fits is accepted.
    expect(await decisionsFitInXlsx(big, { from: '2025-01-01T00:00:00Z' })).toEqual({ fits: true, decisions: 0, limit: 1_048_575 });
  });

  it('CSV of decisions from the store writes every decision with its text', async () => {
    await history();
    const file = join(fx.dir, 'decisions.csv');
    const result = await exportCsv(source, { table: 'decisions', dialect: 'rfc4180', lang: 'fr' }, file);
    const records = parseCsv(readFileSync(file, 'utf8'), ',');
    expect(records).toHaveLength(result.rows + 1);
    expect(records.map((r) => r[8])).toContain('Bonjour ; « bienvenue »,\nque puis-je faire ?');
    expect(records.map((r) => r[8])).toContain("'=1+1 attendre");
  });
});
