// The trainer studio's channels over main/studio.ts: drafts, publish, assign, export, and the cohort
// counts (what trainees chose at each step). Each checks a trainer session first.
import { requireRole, type RoleContext } from './roleHandlers';
import { ConflictError, type Handlers } from './handlers';
import { safeFileName, type FileGate } from './files';
import type { Store } from './store/store';
import { NotFoundError } from './store/store';
import { writeFileAtomic } from './store/atomicFile';
import type { Studio } from './studio';

export interface StudioContext extends RoleContext {
  readonly store: Store;
  /** Undefined where no file can cross: studio:export answers conflict. */
  readonly files?: FileGate | undefined;
}

type StudioChannels = 'studio:list' | 'studio:get' | 'studio:save' | 'studio:duplicate' | 'studio:delete' | 'studio:restore' | 'studio:publish' | 'studio:assign' | 'studio:export' | 'studio:cohort';

export interface CohortCounts {
  attempts: number;
  /** Attempts that took a decision at each step. */
  steps: Record<string, number>;
  /** Attempts that took each choice (`${stepId}/${choiceId}`; a timeout under its branch id too). */
  choices: Record<string, number>;
  /** Attempts that let the time run out at each step. */
  timeouts: Record<string, number>;
}

/** Attempt files read at once while counting. */
const READ_WIDTH = 8;

/**
 * Counts, over every stored attempt of `scenarioId` (any version, kind and status), how many
 * attempts decided at each step, took each choice and timed out at each step (an attempt that
 * comes back to a step counts once). Summaries are filtered first: only matching attempts are read.
 */
export async function cohortCounts(store: Pick<Store, 'iterateSummaries' | 'getAttempt'>, scenarioId: string): Promise<CohortCounts> {
  const ids: string[] = [];
  for await (const summary of store.iterateSummaries()) if (summary.scenarioId === scenarioId) ids.push(summary.id);
  // Maps, not objects: a step may well be called "constructor".
  const steps = new Map<string, number>();
  const choices = new Map<string, number>();
  const timeouts = new Map<string, number>();
  const add = (counts: Map<string, number>, keys: Set<string>) => {
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  let attempts = 0;
  for (let from = 0; from < ids.length; from += READ_WIDTH) {
    const read = await Promise.all(ids.slice(from, from + READ_WIDTH).map((id) => store.getAttempt(id)));
    for (const attempt of read) {
      if (!attempt) continue;
      attempts++;
      const seen = { steps: new Set<string>(), choices: new Set<string>(), timeouts: new Set<string>() };
      for (const d of attempt.log.decisions) {
        seen.steps.add(d.stepId);
        seen.choices.add(`${d.stepId}/${d.choiceId}`);
        if (d.timedOut) seen.timeouts.add(d.stepId);
      }
      add(steps, seen.steps);
      add(choices, seen.choices);
      add(timeouts, seen.timeouts);
    }
  }
  return { attempts, steps: Object.fromEntries(steps), choices: Object.fromEntries(choices), timeouts: Object.fromEntries(timeouts) };
}

export function createStudioHandlers(ctx: StudioContext, studio: () => Promise<Studio>): Pick<Handlers, StudioChannels> {
  /** The studio, once the session is a trainer's: nothing is opened or written for anyone else. */
  const trainer = (session: string) => {
    requireRole(ctx, session, 'trainer');
    return studio();
  };
  return {
    'studio:list': async ({ session }) => (await trainer(session)).list(),
    'studio:get': async ({ session, id }) => (await trainer(session)).get(id),
    'studio:save': async ({ session, id, text, revision }) => (await trainer(session)).save(id, text, revision),
    'studio:duplicate': async ({ session, id }) => (await trainer(session)).duplicate(id),
    'studio:delete': async ({ session, id }) => {
      await (await trainer(session)).delete(id);
      return {};
    },
    'studio:restore': async ({ session, id }) => (await trainer(session)).restore(id),
    'studio:publish': async ({ session, id }) => (await trainer(session)).publish(id),
    'studio:assign': async ({ session, id, assigned }) => (await trainer(session)).assign(id, assigned),
    'studio:export': async ({ session, id }) => {
      const s = await trainer(session);
      // Read first: an unknown id answers not-found before any save dialog opens.
      const text = await s.text(id);
      if (!ctx.files) throw new ConflictError('no file transfer on this workstation');
      const target = await ctx.files.prepare(safeFileName(`${id}.json`));
      if (!target) return { cancelled: true as const };
      await writeFileAtomic(target.path, text);
      return { cancelled: false as const, file: target.done() };
    },
    'studio:cohort': async ({ session, id }) => {
      const s = await trainer(session);
      if (!s.knows(id)) throw new NotFoundError(`scenario ${id}`);
      return cohortCounts(ctx.store, id);
    },
  };
}
