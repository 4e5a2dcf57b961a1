// Test-only: real attempts for the xAPI tests, played on a built-in scenario by the engine (every
// path walked by tests/support/walk.ts) and scored as main scores them, with a profile to own them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema, type Scenario } from '../../scenarios/format/schema';
import { score } from '../../scenarios/engine/score';
import { resultOf } from '../../main/handlers';
import { entryOf } from '../../main/library';
import type { Attempt, Profile } from '../../main/store/schema';
import { enumeratePaths } from '../support/walk';

export const SCENARIO_FILE = fileURLToPath(new URL('../../scenarios/library/exemple-guichet-banque.json', import.meta.url));

export const loadScenario = (): Scenario => ScenarioSchema.parse(JSON.parse(readFileSync(SCENARIO_FILE, 'utf8')));

export function profile(overrides: Partial<Profile> = {}): Profile {
  return { id: '3b7f1f0e-6c1a-4f7e-9a52-2f9c8d1e4b10', displayName: 'Camille Durand', employeeId: 'E-1042', createdAt: '2025-03-01T08:00:00.000Z', ...overrides };
}

export interface AttemptOptions {
  readonly id?: string;
  readonly profileId?: string;
  /** Which of the scenario's complete paths to play (0: the first found). */
  readonly path?: number;
  readonly kind?: Attempt['kind'];
  /** Decisions to keep (fewer than the path: the attempt is left in progress or abandoned). */
  readonly decisions?: number;
  readonly status?: Attempt['status'];
  readonly startedAt?: string;
}

/** An attempt as the store keeps it: a real decision log, 20 s between decisions, scored at the end. */
export function playedAttempt(scenario: Scenario, options: AttemptOptions = {}): Attempt {
  const { logs } = enumeratePaths(scenario, { cap: (options.path ?? 0) + 1 });
  const log = logs[options.path ?? 0];
  if (!log) throw new Error(`scenario ${scenario.id} has fewer than ${(options.path ?? 0) + 1} paths`);
  const startedAt = options.startedAt ?? '2025-03-03T09:00:00.000Z';
  const t0 = Date.parse(startedAt);
  const kept = log.decisions.slice(0, options.decisions ?? log.decisions.length);
  const decisions = kept.map((d, i) => ({ ...d, hesitationMs: 4_000 + i * 250, at: t0 + (i + 1) * 20_000 }));
  const status = options.status ?? (kept.length === log.decisions.length ? 'finished' : 'in-progress');
  const endAt = new Date(t0 + (decisions.length + 1) * 20_000).toISOString();
  const attempt: Attempt = {
    id: options.id ?? 'a1c3e5f7-0b2d-4e6f-8a1c-3e5f70b2d4e6',
    profileId: options.profileId ?? profile().id,
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    contentHash: entryOf(scenario).contentHash,
    timerMode: log.timerMode,
    kind: options.kind ?? 'assessed',
    status,
    startedAt,
    updatedAt: status === 'in-progress' ? startedAt : endAt,
    log: { timerMode: log.timerMode, decisions },
  };
  if (status !== 'finished') return attempt;
  return { ...attempt, finishedAt: endAt, result: resultOf(score(scenario, attempt.log)) };
}

/** All the scenario's complete paths played as attempts (distinct ids), for tests that need a pass and a fail. */
export function allPlayedAttempts(scenario: Scenario, cap = 200): Attempt[] {
  const { logs } = enumeratePaths(scenario, { cap });
  return logs.map((_, path) => playedAttempt(scenario, { path, id: `a1c3e5f7-0b2d-4e6f-8a1c-${path.toString(16).padStart(12, '0')}` }));
}
