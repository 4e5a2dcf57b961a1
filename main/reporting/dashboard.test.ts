// The dashboard over summaries given directly: practice never in first / last / best, filters,
// pass status, the score distribution, the phase where most points are lost, the filter menus.
import { describe, expect, it } from 'vitest';
import { buildDashboard, DashboardSchema, prepareDashboard, queryDashboard, type DashboardInput } from './dashboard';
import type { AttemptResult, AttemptSummary, Profile } from '../store/schema';
import type { Phase } from '../../scenarios/format/schema';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const profile = (n: number, displayName: string, extra: Partial<Profile> = {}): Profile => ({ id: uuid(n), displayName, createdAt: '2024-01-01T00:00:00.000Z', ...extra });

const ana = profile(1, 'Ana', { cohort: 'Promo A', site: 'Lyon', employeeId: 'E1' });
const bea = profile(2, 'Béa', { cohort: 'Promo A', site: 'Paris' });
const carl = profile(3, 'Carl', { cohort: 'Promo B', site: 'Lyon' });

type Losses = Partial<Record<Phase, [number, number]>>;
const phases = (losses: Losses): NonNullable<AttemptResult['phases']> => {
  const one = (l: [number, number] | undefined) => ({ decisions: l ? 2 : 0, empathy: l ? 50 : null, proactivity: l ? 50 : null, empathyLost: l?.[0] ?? 0, proactivityLost: l?.[1] ?? 0 });
  return { seduction: one(losses.seduction), influence: one(losses.influence), prestation: one(losses.prestation), ancrage: one(losses.ancrage) };
};

let seq = 100;
/** A summary started `day` days into March 2024, lasting `minutes`. */
function attempt(p: Profile, scenarioId: string, day: number, overall: number | null, extra: { kind?: AttemptSummary['kind']; status?: AttemptSummary['status']; passed?: boolean; losses?: Losses | null; minutes?: number } = {}): AttemptSummary {
  const start = Date.UTC(2024, 2, day, 9, 0);
  const end = new Date(start + (extra.minutes ?? 10) * 60_000).toISOString();
  const status = extra.status ?? (overall === null ? 'abandoned' : 'finished');
  return {
    id: uuid(seq++), profileId: p.id, scenarioId, scenarioVersion: 1, contentHash: 'a'.repeat(64), timerMode: 'normal', kind: extra.kind ?? 'assessed', status,
    startedAt: new Date(start).toISOString(), updatedAt: end, ...(status === 'finished' ? { finishedAt: end } : {}), decisions: 8,
    ...(overall !== null && status === 'finished'
      ? { result: { outcome: 'passive', walkOut: false, customerValue: 300, overall, empathy: overall, proactivity: overall, reliability: 100, passed: extra.passed ?? overall >= 60, ...(extra.losses === null ? {} : { phases: phases(extra.losses ?? { influence: [1, 1] }) }) } }
      : {}),
  };
}

const scenarios = [
  { id: 'banque', version: 2, title: { fr: 'Banque', en: 'Bank' }, mainLanguage: 'fr' as const, passMark: 60 },
  { id: 'hotel', version: 1, title: { fr: 'Hôtel', en: 'Hotel' }, mainLanguage: 'fr' as const, passMark: 75 },
];

function input(): DashboardInput {
  seq = 100;
  return {
    profiles: [carl, bea, ana],
    scenarios,
    attempts: [
      // Ana at the bank: practice before, between and after, scored higher than any assessed attempt.
      attempt(ana, 'banque', 1, 95, { kind: 'practice', losses: { ancrage: [50, 50] } }),
      attempt(ana, 'banque', 2, 40, { losses: { seduction: [3, 2], influence: [1, 0] } }),
      attempt(ana, 'banque', 3, 99, { kind: 'practice' }),
      attempt(ana, 'banque', 4, 70, { losses: { seduction: [2, 2], prestation: [1, 1] }, minutes: 20 }),
      attempt(ana, 'banque', 5, 55, { losses: { seduction: [1, 0] } }),
      attempt(ana, 'banque', 6, null, { status: 'abandoned' }),
      attempt(ana, 'banque', 7, 100, { kind: 'practice' }),
      // Béa at the bank: an overall above the pass mark but the customer lost: not passed.
      attempt(bea, 'banque', 3, 65, { passed: false, losses: null }),
      // Béa at the hotel: only practice.
      attempt(bea, 'hotel', 4, 80, { kind: 'practice' }),
      // Carl at the hotel, in April.
      attempt(carl, 'hotel', 40, 76, { losses: { ancrage: [0, 4] } }),
      // A scenario no longer in the library.
      attempt(carl, 'retire', 41, 10, { losses: { influence: [0, 0] } }),
    ],
  };
}

const rowOf = (d: ReturnType<typeof buildDashboard>, p: Profile, scenarioId: string) => d.rows.find((r) => r.traineeId === p.id && r.scenarioId === scenarioId)!;

describe('the dashboard table', () => {
  it('takes first, last and best from assessed attempts only, and shows practice apart', () => {
    const d = buildDashboard(input());
    const row = rowOf(d, ana, 'banque');
    expect(row.assessed).toEqual({ attempts: 4, scored: 3, first: 40, last: 55, best: 70, firstAt: '2024-03-02T09:00:00.000Z', lastAt: '2024-03-05T09:00:00.000Z', progression: 30 });
    expect(row.practice).toEqual({ attempts: 3, scored: 3, best: 100, last: 100 });
    expect(row).toMatchObject({ attempts: 7, timeSpentSeconds: (10 * 6 + 20) * 60, status: 'passed', passMark: 60, displayName: 'Ana', employeeId: 'E1', cohort: 'Promo A', site: 'Lyon', scenarioTitle: { fr: 'Banque', en: 'Bank' } });
  });

  it('says passed only when an assessed attempt passed, not-assessed with practice alone', () => {
    const d = buildDashboard(input());
    expect(rowOf(d, bea, 'banque')).toMatchObject({ status: 'failed', assessed: { best: 65 } });
    expect(rowOf(d, bea, 'hotel')).toMatchObject({ status: 'not-assessed', assessed: { attempts: 0, first: null, last: null, best: null, progression: null }, practice: { best: 80 } });
    expect(rowOf(d, carl, 'retire')).toMatchObject({ status: 'failed', passMark: null, scenarioTitle: null });
  });

  it('lists the rows by trainee name, then scenario', () => {
    expect(buildDashboard(input()).rows.map((r) => `${r.displayName}/${r.scenarioId}`)).toEqual(['Ana/banque', 'Béa/banque', 'Béa/hotel', 'Carl/hotel', 'Carl/retire']);
  });
});

describe('the dashboard filters', () => {
  const pairs = (d: ReturnType<typeof buildDashboard>) => d.rows.map((r) => `${r.displayName}/${r.scenarioId}`);

  it('keep a cohort, a site, a scenario or a trainee', () => {
    expect(pairs(buildDashboard(input(), { cohort: 'Promo A' }))).toEqual(['Ana/banque', 'Béa/banque', 'Béa/hotel']);
    expect(pairs(buildDashboard(input(), { site: 'Lyon' }))).toEqual(['Ana/banque', 'Carl/hotel', 'Carl/retire']);
    expect(pairs(buildDashboard(input(), { scenarioId: 'hotel' }))).toEqual(['Béa/hotel', 'Carl/hotel']);
    expect(pairs(buildDashboard(input(), { traineeId: bea.id }))).toEqual(['Béa/banque', 'Béa/hotel']);
    expect(pairs(buildDashboard(input(), { cohort: 'Promo A', site: 'Lyon' }))).toEqual(['Ana/banque']);
  });

  it('keep a period (from inclusive, to exclusive), first and best recomputed within it', () => {
    const d = buildDashboard(input(), { from: '2024-03-03T00:00:00Z', to: '2024-03-05T09:00:00Z' });
    expect(pairs(d)).toEqual(['Ana/banque', 'Béa/banque', 'Béa/hotel']);
    expect(rowOf(d, ana, 'banque').assessed).toMatchObject({ first: 70, last: 70, best: 70, scored: 1 });
    expect(d.totals).toMatchObject({ attempts: 4, assessed: 2, practice: 2 });
  });

  it('keep the filter menus whole whatever the selection', () => {
    const d = buildDashboard(input(), { traineeId: carl.id });
    expect(d.options).toEqual({
      cohorts: ['Promo A', 'Promo B'],
      sites: ['Lyon', 'Paris'],
      scenarios: [{ id: 'banque', title: { fr: 'Banque', en: 'Bank' } }, { id: 'hotel', title: { fr: 'Hôtel', en: 'Hotel' } }, { id: 'retire', title: null }],
      trainees: [
        { id: ana.id, displayName: 'Ana', employeeId: 'E1', cohort: 'Promo A', site: 'Lyon' },
        { id: bea.id, displayName: 'Béa', employeeId: null, cohort: 'Promo A', site: 'Paris' },
        { id: carl.id, displayName: 'Carl', employeeId: null, cohort: 'Promo B', site: 'Lyon' },
      ],
    });
  });

  it('refuse a malformed selection', () => {
    expect(() => buildDashboard(input(), { cohort: '' })).toThrow(/Invalid selection/);
  });
});

describe('the dashboard figures per scenario', () => {
  it('count assessed scores in 10-point buckets, 100 in the last one, practice left out', () => {
    const d = buildDashboard({ ...input(), attempts: [...input().attempts, attempt(bea, 'banque', 9, 100), attempt(bea, 'banque', 10, 9.9)] });
    const bank = d.scenarios.find((s) => s.scenarioId === 'banque')!;
    const counts = Object.fromEntries(bank.distribution.filter((b) => b.count > 0).map((b) => [`${b.from}-${b.to}`, b.count]));
    expect(counts).toEqual({ '0-10': 1, '40-50': 1, '50-60': 1, '60-70': 1, '70-80': 1, '90-100': 1 });
    expect(bank.distribution).toHaveLength(10);
    expect(bank).toMatchObject({ trainees: 2, attempts: 10, assessedScored: 6, practiceAttempts: 3, passed: 2, failed: 0, meanFirst: 40 / 2 + 65 / 2, meanBest: (70 + 100) / 2 });
  });

  it('take buckets of another width', () => {
    const bank = buildDashboard(input(), {}, { bucketSize: 25 }).scenarios.find((s) => s.scenarioId === 'banque')!;
    expect(bank.distribution).toEqual([{ from: 0, to: 25, count: 0 }, { from: 25, to: 50, count: 1 }, { from: 50, to: 75, count: 3 }, { from: 75, to: 100, count: 0 }]);
  });

  it('find the phase where most points are lost, from assessed attempts’ per-phase figures, and count those without', () => {
    const d = buildDashboard(input());
    const bank = d.scenarios.find((s) => s.scenarioId === 'banque')!;
    // Séduction: 3+2 + 2+2 + 1+0 = 10; practice's 100 points lost in ancrage do not count.
    expect(bank.phases).toEqual([
      { phase: 'seduction', decisions: 6, empathyLost: 6, proactivityLost: 4, pointsLost: 10 },
      { phase: 'influence', decisions: 2, empathyLost: 1, proactivityLost: 0, pointsLost: 1 },
      { phase: 'prestation', decisions: 2, empathyLost: 1, proactivityLost: 1, pointsLost: 2 },
      { phase: 'ancrage', decisions: 0, empathyLost: 0, proactivityLost: 0, pointsLost: 0 },
    ]);
    expect(bank.worstPhase).toBe('seduction');
    expect(bank.withoutPhases).toBe(1);
    expect(d.scenarios.find((s) => s.scenarioId === 'hotel')!.worstPhase).toBe('ancrage');
    expect(d.scenarios.find((s) => s.scenarioId === 'retire')!.worstPhase).toBeNull();
    expect(d.totals).toMatchObject({ worstPhase: 'seduction', withoutPhases: 1 });
    expect(d.totals.phases.find((p) => p.phase === 'ancrage')!.pointsLost).toBe(4);
  });
});

describe('the dashboard as data', () => {
  it('is plain JSON that its zod schema accepts unchanged (it crosses the IPC bridge)', () => {
    const d = buildDashboard(input());
    const wire = JSON.parse(JSON.stringify(d)) as unknown;
    expect(wire).toEqual(d);
    expect(DashboardSchema.parse(wire)).toEqual(d);
  });

  it('answers every selection from one prepared index as it would from scratch', () => {
    const prepared = prepareDashboard(input());
    for (const filter of [{}, { cohort: 'Promo A' }, { site: 'Nowhere' }, { traineeId: uuid(999) }, { scenarioId: 'hotel', from: '2024-03-04T00:00:00Z' }]) {
      expect(queryDashboard(prepared, filter)).toEqual(buildDashboard(input(), filter));
    }
    expect(queryDashboard(prepared, { site: 'Nowhere' }).rows).toEqual([]);
  });

  it('is empty, not broken, without attempts', () => {
    const d = buildDashboard({ profiles: [], attempts: [], scenarios });
    expect(d.rows).toEqual([]);
    expect(d.totals).toMatchObject({ trainees: 0, attempts: 0, worstPhase: null });
    expect(d.options.scenarios.map((s) => s.id)).toEqual(['banque', 'hotel']);
  });
});
