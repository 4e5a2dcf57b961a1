// Main's request handlers as plain async functions, bound by registerHandlers(handle) so the
// Electron binding, the browser-mode server and the tests all call the same code. Main is the
// authority: it replays every decision with the engine and recomputes every score from the log.
import type { z } from 'zod';
import { CHANNELS, CONTRACT, type Channel, type Envelope, type ErrorCode, type ReplyOf, type ScenarioCard } from './contract';
import { resultOf } from './attemptResult';
import { NotFoundError, StoreRequestError, summarise, type Store } from './store/store';
import { BundleError } from './store/bundle';
import type { Attempt } from './store/schema';
import type { LibraryEntry } from './library';
import { AuthRequiredError, createRoleHandlers, type RoleContext } from './roleHandlers';
import { createHrPeopleHandlers } from './hrHandlers';
import { createXapiHandlers, type XapiContext } from './xapiHandlers';
import { createReportHandlers } from './reportHandlers';
import { createStudioHandlers } from './studioHandlers';
import { DraftError, ReadOnlyError, StudioConflictError, studioOpener } from './studio';
import type { FileGate } from './files';
import { loadScenario } from '../scenarios/format/parse';
import { score } from '../scenarios/engine/score';
import { compile } from '../scenarios/engine/compile';
import { MAX_HESITATION_MS } from '../scenarios/engine/logSchema';
import type { Scenario } from '../scenarios/format/schema';

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
export class InvalidDecisionRequest extends Error {
  override readonly name = 'InvalidDecisionRequest';
}

type Handler<C extends Channel> = (request: z.output<(typeof CONTRACT)[C]['request']>) => Promise<ReplyOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface HandlerContext extends RoleContext, XapiContext {
  /** Main's log, for failures that must not reach the trainee's screen. */
  readonly log?: (error: unknown) => void;
  /** Where exported files go and imported ones come from (main/files.ts). */
  readonly files?: FileGate | undefined;
  readonly store: Store;
  readonly library: ReadonlyMap<string, LibraryEntry>;
  readonly mode: 'electron' | 'browser';
  readonly version: string;
  readonly now?: () => number;
  /** The data folder (the studio's drafts live in <dataDir>/studio); the store's own folder by default. */
  readonly dataDir?: string;
  /** Electron only: save the window as PDF where the user chooses. */
  readonly printToPdf?: (suggestedName: string) => Promise<{ saved: boolean; unavailable: boolean }>;
}

const STORAGE_CODES = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EDQUOT', 'EMFILE', 'ENFILE', 'EBUSY']);

export { resultOf } from './attemptResult';

export function createHandlers(ctx: HandlerContext): Handlers {
  const now = ctx.now ?? Date.now;
  const versions = new Map<string, Scenario>();
  for (const entry of ctx.library.values()) versions.set(entry.contentHash, entry.scenario);

  async function scenarioByHash(contentHash: string): Promise<Scenario> {
    const cached = versions.get(contentHash);
    if (cached) return cached;
    const text = await ctx.store.loadScenarioVersion(contentHash);
    const scenario = text === undefined ? undefined : loadScenario(text, 'en').scenario;
    if (!scenario) throw new NotFoundError(`scenario version ${contentHash}`);
    versions.set(contentHash, scenario);
    return scenario;
  }

  async function attemptOrThrow(id: string): Promise<Attempt> {
    const attempt = await ctx.store.getAttempt(id);
    if (!attempt) throw new NotFoundError(`attempt ${id}`);
    return attempt;
  }

  // Opened on the first studio call or scenario list, not at start-up.
  const studio = studioOpener({
    dataDir: ctx.dataDir ?? ctx.store.dataDir, library: ctx.library, store: ctx.store, now,
    notify: (notice) => ctx.store.notices.push(notice),
  });

  /** A scenario trainees may start: a built-in, else a custom one's latest published version. */
  async function playable(id: string): Promise<LibraryEntry> {
    const entry = ctx.library.get(id) ?? (await (await studio()).playable(id));
    if (!entry) throw new NotFoundError(`scenario ${id}`);
    return entry;
  }

  const card = (e: LibraryEntry, source: ScenarioCard['source'], assigned: boolean): ScenarioCard => ({
    id: e.scenario.id,
    version: e.scenario.version,
    contentHash: e.contentHash,
    title: e.scenario.title,
    ...(e.scenario.summary ? { summary: e.scenario.summary } : {}),
    mainLanguage: e.scenario.mainLanguage,
    difficulty: e.scenario.briefing.difficulty,
    estimatedMinutes: e.scenario.briefing.estimatedMinutes,
    timed: e.scenario.steps.some((s) => s.timer !== undefined),
    assigned,
    source,
  });

  /** An ended attempt's xAPI statements join the outbox; the trainee's decision is already safe, so a
   *  failure here is logged, never shown to the trainee (HR sees the outbox). */
  function queueStatements(attempt: Attempt, scenario: Scenario): void {
    const profile = ctx.store.listProfiles().find((p) => p.id === attempt.profileId);
    if (!ctx.xapi || !profile) return;
    ctx.xapi.queueAttempt({ profile, attempt, scenario }).then(() => ctx.xapi?.pushDue(), (error: unknown) => ctx.log?.(error)).catch((error: unknown) => ctx.log?.(error));
  }

  return {
    ...createRoleHandlers(ctx),
    ...createXapiHandlers(ctx),
    ...createReportHandlers({ ...ctx, publishedScenarios: async () => (await (await studio()).published()).map((e) => e.scenario) }),
    ...createHrPeopleHandlers(ctx),
    ...createStudioHandlers(ctx, studio),
    'app:print-pdf': async (request) => (ctx.printToPdf ? ctx.printToPdf(request.suggestedName) : { saved: false, unavailable: true }),
    'app:acknowledge-notices': async ({ count }) => {
      ctx.store.acknowledgeNotices(count);
      return {};
    },
    'app:status': async () => ({ version: ctx.version, mode: ctx.mode, notices: [...ctx.store.notices], settings: ctx.store.getSettings() }),
    'settings:update': async (patch) => ctx.store.updateSettings(patch),
    'profiles:list': async () => [...ctx.store.listProfiles()],
    'profiles:create': async (input) => ctx.store.createProfile(input),
    'scenarios:list': async () => {
      let custom: ScenarioCard[] = [];
      let assigned = (_id: string) => false;
      try {
        const opened = await studio();
        custom = (await opened.published()).map((e) => card(e, 'custom', opened.isAssigned(e.scenario.id)));
        assigned = (id) => opened.isAssigned(id);
      } catch (error) {
        // The studio's files are the trainers': if they cannot be read, trainees still get the built-ins.
        ctx.log?.(error);
      }
      return [...[...ctx.library.values()].map((e) => card(e, 'builtin', assigned(e.scenario.id))), ...custom];
    },
    'scenarios:get': async (request) => ('id' in request ? (await playable(request.id)).scenario : scenarioByHash(request.contentHash)),
    'attempts:start': async ({ profileId, scenarioId, timerMode, kind, replay }) => {
      if (replay) {
        // A replay plays the same scenario version again from one of its steps, as practice.
        const original = await attemptOrThrow(replay.attemptId);
        if (original.profileId !== profileId) throw new NotFoundError(`attempt ${replay.attemptId}`);
        const carried = original.log.decisions.slice(0, replay.fromIndex);
        // The carried decisions were taken in the original timer mode, so the replay keeps it.
        return ctx.store.startAttempt({ profileId, scenarioId: original.scenarioId, scenarioVersion: original.scenarioVersion, contentHash: original.contentHash, timerMode: original.timerMode, kind: 'practice' }, carried);
      }
      const entry = await playable(scenarioId);
      await ctx.store.saveScenarioVersion(entry.contentHash, entry.text);
      return ctx.store.startAttempt({ profileId, scenarioId, scenarioVersion: entry.scenario.version, contentHash: entry.contentHash, timerMode, kind });
    },
    'attempts:decide': async (request) => {
      const attempt = await attemptOrThrow(request.attemptId);
      const decisions = attempt.log.decisions;
      // A retry of a decision already on disk (its reply was lost) is acknowledged again.
      const previous = decisions[request.expectedIndex];
      if (request.expectedIndex < decisions.length && previous && previous.stepId === request.stepId && previous.choiceId === request.choiceId) {
        return { attempt: summarise(attempt), index: request.expectedIndex, entry: previous, ended: attempt.status === 'finished' && request.expectedIndex === decisions.length - 1, ...(attempt.result ? { result: attempt.result } : {}) };
      }
      if (attempt.status !== 'in-progress') throw new ConflictError(`attempt ${attempt.id} is ${attempt.status}`);
      if (request.expectedIndex !== decisions.length) throw new ConflictError(`attempt ${attempt.id} has ${decisions.length} decisions, not ${request.expectedIndex}`);
      const scenario = await scenarioByHash(attempt.contentHash);
      const step = compile(scenario).steps.get(request.stepId);
      if (!step) throw new InvalidDecisionRequest(`unknown step ${request.stepId}`);
      const choice = step.choices.find((c) => c.id === request.choiceId);
      // Hesitation is the renderer's measure, sanity-checked against main's own clock.
      const last = decisions.at(-1)?.at ?? Date.parse(attempt.updatedAt);
      const elapsed = Math.max(0, now() - last);
      const hesitationMs = Math.round(Math.min(request.hesitationMs, MAX_HESITATION_MS, elapsed + 1_000));
      const entry = {
        stepId: step.id,
        choiceId: request.choiceId,
        timedOut: request.timedOut,
        phase: step.phase,
        behaviour: request.timedOut ? ('passive' as const) : (choice?.behaviour ?? ('passive' as const)),
        hesitationMs,
        at: now(),
      };
      const report = score(scenario, { timerMode: attempt.timerMode, decisions: [...decisions, entry] });
      if (report.status === 'invalid-log') throw new InvalidDecisionRequest(report.invalid?.reason ?? 'invalid decision');
      const ended = report.status === 'complete';
      const result = ended ? resultOf(report) : undefined;
      const saved = await ctx.store.appendDecision(attempt.id, entry, ended ? { status: 'finished', result } : undefined);
      if (ended) queueStatements(saved, scenario);
      return { attempt: summarise(saved), index: decisions.length, entry, ended, ...(result ? { result } : {}) };
    },
    // The index is written only when an attempt starts or ends: read the few in-progress files for fresh counts.
    'attempts:in-progress': async ({ profileId }) => {
      const fresh = await Promise.all(ctx.store.listInProgress(profileId).map(async (s) => {
        const attempt = await ctx.store.getAttempt(s.id);
        return attempt ? summarise(attempt) : s;
      }));
      return fresh.filter((a) => a.status === 'in-progress');
    },
    'attempts:history': async ({ profileId }) => ctx.store.listProfileAttempts(profileId),
    'attempts:get': async ({ attemptId }) => attemptOrThrow(attemptId),
    'attempts:abandon': async ({ attemptId }) => {
      const abandoned = await ctx.store.abandonAttempt(attemptId);
      queueStatements(abandoned, await scenarioByHash(abandoned.contentHash));
      return summarise(abandoned);
    },
    'attempts:report': async ({ attemptId }) => {
      const attempt = await attemptOrThrow(attemptId);
      return score(await scenarioByHash(attempt.contentHash), attempt.log);
    },
  };
}

function errorOf(error: unknown): { code: ErrorCode; message: string; retryable: boolean; reason?: string } {
  // A refused file says why in a word the renderer can translate (docs/PRIVACY.md, “Bundles”, lists them).
  if (error instanceof BundleError) return { code: 'invalid-file', message: error.message, retryable: false, reason: error.code };
  if (error instanceof StoreRequestError) return { code: 'conflict', message: error.message, retryable: false, reason: error.code };
  if (error instanceof AuthRequiredError) return { code: 'auth-required', message: error.message, retryable: false };
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message, retryable: false };
  if (error instanceof ConflictError) return { code: 'conflict', message: error.message, retryable: false };
  if (error instanceof StudioConflictError) return { code: 'conflict', message: error.message, retryable: false, reason: error.reason };
  if (error instanceof ReadOnlyError) return { code: 'read-only', message: error.message, retryable: false };
  if (error instanceof DraftError) return { code: 'invalid-file', message: error.message, retryable: false, reason: error.code };
  if (error instanceof InvalidDecisionRequest) return { code: 'invalid-decision', message: error.message, retryable: false };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && STORAGE_CODES.has(code)) return { code: 'storage-unavailable', message: `the data folder cannot be written (${code})`, retryable: true };
  return { code: 'internal', message: 'unexpected error in main (see its log)', retryable: false };
}

/** Validates and runs one call: a typed envelope, never a stack trace, for any input. */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, log: (e: unknown) => void = () => undefined): Promise<Envelope<unknown>> {
  if (typeof channel !== 'string' || !(CHANNELS as string[]).includes(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: 'no such channel', retryable: false } };
  }
  const c = channel as Channel;
  const parsed = CONTRACT[c].request.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid-request', message: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; '), retryable: false } };
  }
  try {
    const value = await (handlers[c] as (r: unknown) => Promise<unknown>)(parsed.data);
    return { ok: true, value };
  } catch (error) {
    const typed = errorOf(error);
    if (typed.code === 'internal' || typed.code === 'storage-unavailable') log(error);
    return { ok: false, error: typed };
  }
}

/** Binds every channel through one `handle(channel, fn)` (ipcMain.handle, the HTTP router, a test). */
export function registerHandlers(handle: (channel: Channel, fn: (payload: unknown) => Promise<Envelope<unknown>>) => void, handlers: Handlers, log?: (e: unknown) => void): void {
  for (const channel of CHANNELS) handle(channel, (payload) => dispatch(handlers, channel, payload, log));
}

