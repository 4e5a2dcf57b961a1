// Every channel between the renderer and main, with the zod schemas of its request and reply
// (GitHub Desktop's ipc-shared.ts, with runtime validation). Unknown channels do not exist.
import { z } from 'zod';
import { IdSchema, TIMER_MODES, type Scenario } from '../scenarios/format/schema';
import type { Report } from '../scenarios/engine/score';
import { DecisionLogEntrySchema } from '../scenarios/engine/logSchema';
import { CHANNEL_NAMES, type ChannelName } from './channels';
import { DashboardSchema } from './reporting/dashboard';
import { ExportFilterSchema, ReportFilterSchema } from './reporting/filter';
import { ProfileSchema, AttemptSchema, AttemptSummarySchema, SettingsSchema, ATTEMPT_KINDS, AttemptResultSchema, WorkstationSchema } from './store/schema';

const Empty = z.strictObject({});
const Uuid = z.uuid();

export const ScenarioCardSchema = z.strictObject({
  id: IdSchema,
  version: z.number(),
  contentHash: z.string(),
  title: z.strictObject({ fr: z.string().optional(), en: z.string().optional() }),
  summary: z.strictObject({ fr: z.string().optional(), en: z.string().optional() }).optional(),
  mainLanguage: z.enum(['fr', 'en']),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  estimatedMinutes: z.number(),
  timed: z.boolean(),
  /** Marked by a trainer in the studio as assigned to trainees. */
  assigned: z.boolean(),
  /** A built-in of the library, or a scenario a trainer published in the studio. */
  source: z.enum(['builtin', 'custom']),
});
export type ScenarioCard = z.infer<typeof ScenarioCardSchema>;

export const NoticeSchema = z.strictObject({
  code: z.enum(['restored-from-backup', 'started-empty']),
  document: z.string(),
  quarantined: z.string(),
  backup: z.number().optional(),
});

export const DecisionReplySchema = z.strictObject({
  attempt: AttemptSummarySchema,
  /** Index of the acknowledged decision in the log. */
  index: z.number().int().min(0),
  /** The decision as stored (main's own phase, behaviour, clamped hesitation and time). */
  entry: DecisionLogEntrySchema,
  ended: z.boolean(),
  result: AttemptResultSchema.optional(),
});

export const ROLES = ['trainer', 'hr'] as const;
export type Role = (typeof ROLES)[number];
const RoleSchema = z.enum(ROLES);
/** A role's session token (main keeps the sessions; the renderer only carries the token). */
export const SessionSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const PinSchema = z.string().max(64);
const RoleStatusSchema = z.strictObject({ set: z.boolean(), waitMs: z.number(), triesLeft: z.number() });
/** A granted session (with a new recovery code where one was issued), or why not. */
const RoleReplySchema = z.union([
  z.strictObject({ ok: z.literal(true), session: SessionSchema.optional(), recoveryCode: z.string().optional() }),
  z.strictObject({ ok: z.literal(false), reason: z.string(), waitMs: z.number(), triesLeft: z.number().optional() }),
]);

const WithSession = z.strictObject({ session: SessionSchema });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const Cancelled = z.strictObject({ cancelled: z.literal(true) });
/** A file main wrote: saved where the user chose (Electron), or waiting in a one-time download slot (browser mode). */
export const DeliveredSchema = z.union([
  z.strictObject({ fileName: z.string(), savedTo: z.string() }),
  z.strictObject({ fileName: z.string(), downloadId: z.uuid() }),
]);

/** Profiles sharing an employee id (one trainee on several workstations), oldest first. */
const MergeProposalSchema = z.object({ employeeId: z.string(), profiles: z.array(z.object({ profile: ProfileSchema, attempts: z.number() })) });
const n = z.number();
const BundleImportReportSchema = z.object({
  bundle: z.object({ bundleVersion: z.number(), workstation: z.object({ id: z.string(), name: z.string() }), exportedAt: z.string() }),
  profiles: z.object({ added: n, unchanged: n, alreadyMerged: n, erased: n }),
  attempts: z.object({ added: n, replaced: n, unchanged: n, erased: n }),
  scenarios: z.object({ added: n, unchanged: n }),
  mergeProposals: z.array(MergeProposalSchema),
});

const Bilingual = z.object({ fr: z.string(), en: z.string() });
const BatchCount = z.object({ batches: n, statements: n });
const XapiStatusSchema = z.object({
  config: z.object({
    configured: z.boolean(), endpoint: z.string().nullable(), key: z.string().nullable(), hasSecret: z.boolean(),
    secretStorage: z.enum(['os-encrypted', 'file-0600']), secretWarning: z.boolean(), activityBase: z.string(), employeeHomePage: z.string(),
  }),
  autoPush: z.boolean(),
  outbox: z.object({
    counts: z.object({ queued: BatchCount, sent: BatchCount, failed: BatchCount }),
    nextTryAt: z.string().nullable(),
    consecutiveFailures: n,
    batches: z.array(z.object({
      id: z.string(), attemptId: z.string(), profileId: z.string(), status: z.enum(['queued', 'sent', 'failed']), statements: n, createdAt: z.string(), tries: n,
      sentAt: z.string().optional(),
      lastError: z.object({ code: z.string(), status: n.optional(), reason: z.string(), at: z.string(), message: Bilingual }).optional(),
    })),
  }),
});

/** A scenario as the trainer studio lists it: a read-only built-in, or a custom draft with its revision and last publish. */
export const StudioEntrySchema = z.strictObject({
  id: IdSchema,
  title: z.strictObject({ fr: z.string().optional(), en: z.string().optional() }),
  source: z.enum(['builtin', 'custom']),
  version: z.number().int(),
  steps: z.number().int(),
  /** Custom drafts only: when last saved, and the revision a save must name (studio:save). */
  updatedAt: z.string().optional(),
  revision: z.number().int().optional(),
  published: z.strictObject({ version: z.number().int(), contentHash: z.string(), at: z.string() }).optional(),
  /** The draft differs from its last published version (always true for a never-published draft). */
  changedSincePublish: z.boolean(),
  assigned: z.boolean(),
});
export type StudioEntry = z.infer<typeof StudioEntrySchema>;
const WithScenario = WithSession.extend({ id: IdSchema });
const DraftReplySchema = z.strictObject({ entry: StudioEntrySchema, text: z.string() });
const Counts = z.record(z.string(), n);

export const CONTRACT = {
  'app:status': {
    request: Empty,
    reply: z.strictObject({ version: z.string(), mode: z.enum(['electron', 'browser']), notices: z.array(NoticeSchema), settings: SettingsSchema }),
  },
  /** Saves the current page as PDF (Electron's printToPDF); browser mode answers unavailable and the renderer prints. */
  'app:print-pdf': {
    request: z.strictObject({ suggestedName: z.string().trim().min(1).max(120).regex(/^[^/\\:*?"<>|]+$/) }),
    reply: z.strictObject({ saved: z.boolean(), unavailable: z.boolean() }),
  },
  /** The renderer showed the first `count` notices: they are not told again (later ones stay). */
  'app:acknowledge-notices': { request: z.strictObject({ count: z.number().int().min(0).max(1000) }), reply: Empty },
  'settings:update': {
    request: z.strictObject({ locale: z.enum(['fr', 'en']).optional(), idleMinutes: z.number().int().min(1).max(240).optional() }),
    reply: SettingsSchema,
  },
  'profiles:list': { request: Empty, reply: z.array(ProfileSchema) },
  'profiles:create': {
    request: z.strictObject({
      displayName: z.string().trim().min(1).max(80),
      employeeId: z.string().trim().min(1).max(40).optional(),
      cohort: z.string().trim().min(1).max(80).optional(),
      site: z.string().trim().min(1).max(80).optional(),
    }),
    reply: ProfileSchema,
  },
  'scenarios:list': { request: Empty, reply: z.array(ScenarioCardSchema) },
  /** A scenario by content hash (the version an attempt was played on), or the library's current one by id. */
  'scenarios:get': {
    request: z.union([z.strictObject({ contentHash: z.string().regex(/^[0-9a-f]{64}$/) }), z.strictObject({ id: IdSchema })]),
    reply: z.custom<Scenario>((v) => typeof v === 'object' && v !== null),
  },
  'attempts:start': {
    request: z.strictObject({
      profileId: Uuid,
      scenarioId: IdSchema,
      timerMode: z.enum(TIMER_MODES),
      kind: z.enum(ATTEMPT_KINDS),
      /** Replay from a step of an earlier attempt: its first `fromIndex` decisions are carried over (always practice). */
      replay: z.strictObject({ attemptId: Uuid, fromIndex: z.number().int().min(0).max(100_000) }).optional(),
    }),
    reply: AttemptSchema,
  },
  'attempts:decide': {
    request: z.strictObject({
      attemptId: Uuid,
      /** How many decisions the renderer has seen acknowledged: a retry of the same decision is harmless. */
      expectedIndex: z.number().int().min(0).max(100_000),
      stepId: IdSchema,
      choiceId: IdSchema,
      timedOut: z.boolean(),
      hesitationMs: z.number().finite().min(0).max(24 * 3600 * 1000),
    }),
    reply: DecisionReplySchema,
  },
  'attempts:in-progress': { request: z.strictObject({ profileId: Uuid.optional() }), reply: z.array(AttemptSummarySchema) },
  /** Every attempt of a profile (all months), oldest first. */
  'attempts:history': { request: z.strictObject({ profileId: Uuid }), reply: z.array(AttemptSummarySchema) },
  'attempts:get': { request: z.strictObject({ attemptId: Uuid }), reply: AttemptSchema },
  'attempts:abandon': { request: z.strictObject({ attemptId: Uuid }), reply: AttemptSummarySchema },
  'attempts:report': { request: z.strictObject({ attemptId: Uuid }), reply: z.custom<Report>((v) => typeof v === 'object' && v !== null) },
  /** Trainer and HR access: whether each role's PIN is set, and how long a refused role must wait. */
  'roles:status': {
    request: Empty,
    reply: z.strictObject({ available: z.boolean(), problem: z.string().optional(), trainer: RoleStatusSchema, hr: RoleStatusSchema }),
  },
  /** Sets a role's PIN on first use; the recovery code is shown once, here. */
  'roles:setup': { request: z.strictObject({ role: RoleSchema, pin: PinSchema }), reply: RoleReplySchema },
  'roles:unlock': { request: z.strictObject({ role: RoleSchema, pin: PinSchema }), reply: RoleReplySchema },
  'roles:recover': { request: z.strictObject({ role: RoleSchema, recoveryCode: z.string().max(64), newPin: PinSchema }), reply: RoleReplySchema },
  'roles:change-pin': { request: z.strictObject({ role: RoleSchema, session: SessionSchema, pin: PinSchema, newPin: PinSchema }), reply: RoleReplySchema },
  'roles:lock': { request: z.strictObject({ session: SessionSchema }), reply: Empty },
  'hr:trainees': { request: WithSession, reply: z.array(z.strictObject({ profile: ProfileSchema, attempts: z.number().int() })) },
  /** Every profile and the attempts started within the months given, with their scenario versions (docs/PRIVACY.md, “Bundles”). */
  'hr:bundle-export': {
    request: WithSession.extend({ from: Month.optional(), to: Month.optional() }),
    reply: z.union([Cancelled, z.strictObject({ cancelled: z.literal(false), file: DeliveredSchema, counts: z.strictObject({ profiles: z.number(), scenarios: z.number(), attempts: z.number() }) })]),
  },
  /** A bundle from another workstation, merged by id: the upload's id in browser mode, the open dialog in Electron. */
  'hr:bundle-import': {
    request: WithSession.extend({ uploadId: z.uuid().optional() }),
    reply: z.union([Cancelled, z.strictObject({ cancelled: z.literal(false), report: BundleImportReportSchema })]),
  },
  'hr:merge-proposals': { request: WithSession, reply: z.array(MergeProposalSchema) },
  /** Merges `mergeId` into `keepId` after HR confirmed they are one trainee. */
  'hr:merge': { request: WithSession.extend({ keepId: Uuid, mergeId: Uuid }), reply: z.strictObject({ kept: ProfileSchema, mergedProfileId: Uuid, attempts: z.number() }) },
  'hr:trainee-export': {
    request: WithSession.extend({ profileId: Uuid }),
    reply: z.union([Cancelled, z.strictObject({ cancelled: z.literal(false), file: DeliveredSchema, attempts: z.number() })]),
  },
  /** Erases a trainee for good; `confirmName` must repeat their display name. */
  'hr:trainee-erase': {
    request: WithSession.extend({ profileId: Uuid, confirmName: z.string().max(80) }),
    reply: z.strictObject({ profileId: Uuid, attempts: z.number(), filesDeleted: z.number() }),
  },
  'hr:retention': { request: WithSession.extend({ months: z.number().int().min(1).max(240).nullable() }), reply: SettingsSchema },
  'hr:purge': {
    request: WithSession,
    reply: z.strictObject({ retentionMonths: z.number().nullable(), cutoff: z.string().nullable(), finished: z.number(), abandoned: z.number(), keptInProgress: z.number() }),
  },
  'hr:workstation': { request: WithSession.extend({ name: z.string().trim().min(1).max(80).optional() }), reply: WorkstationSchema },
  /** Trainee × scenario (assessed attempts; practice apart), distributions and lost points; `refresh` rereads the store. */
  'hr:dashboard': { request: WithSession.extend({ filter: ReportFilterSchema.optional(), refresh: z.boolean().optional() }), reply: DashboardSchema },
  /** A CSV (one table) or an XLSX workbook (attempts, phases; decisions when they fit in a sheet), columns in docs/EXPORTS.md. */
  'hr:export': {
    request: WithSession.extend({
      format: z.enum(['csv-fr', 'csv-rfc', 'xlsx']),
      table: z.enum(['attempts', 'phases', 'decisions']),
      decisions: z.boolean().optional(),
      filter: ExportFilterSchema.optional(),
      lang: z.enum(['fr', 'en']),
    }),
    reply: z.union([
      z.strictObject({ ok: z.literal(true), cancelled: z.literal(true) }),
      z.strictObject({ ok: z.literal(true), cancelled: z.literal(false), file: DeliveredSchema, rows: n, issues: n }),
      z.strictObject({ ok: z.literal(false), reason: z.literal('xlsx-row-limit'), decisions: n, limit: n }),
    ]),
  },
  /** The LRS settings as the screens may show them (never the secret) and the outbox's batches. */
  'xapi:status': { request: WithSession, reply: XapiStatusSchema },
  'xapi:configure': {
    request: WithSession.extend({
      settings: z.strictObject({ endpoint: z.string().max(500), key: z.string().max(200), secret: z.string().max(500).optional(), activityBase: z.string().max(200).optional(), employeeHomePage: z.string().max(200).optional() }),
    }),
    reply: z.union([z.strictObject({ ok: z.literal(true), status: XapiStatusSchema }), z.strictObject({ ok: z.literal(false), reason: z.string(), message: Bilingual })]),
  },
  'xapi:remove': { request: WithSession, reply: XapiStatusSchema },
  'xapi:push': {
    request: WithSession,
    reply: z.strictObject({
      result: z.union([
        z.strictObject({ ran: z.literal(true), report: z.object({ due: z.boolean(), attempted: n, sent: n, failed: n, retried: n, remaining: n, nextTryAt: z.string().nullable() }) }),
        z.strictObject({ ran: z.literal(false), reason: z.string(), message: Bilingual }),
      ]),
      status: XapiStatusSchema,
    }),
  },
  'xapi:retry': { request: WithSession, reply: z.strictObject({ requeued: n, status: XapiStatusSchema }) },
  'xapi:export': { request: WithSession, reply: z.union([Cancelled, z.strictObject({ cancelled: z.literal(false), file: DeliveredSchema, statements: n })]) },
  /** The built-ins, then the custom drafts (deleted ones left out). */
  'studio:list': { request: WithSession, reply: z.array(StudioEntrySchema) },
  /** The draft's canonical text, or the built-in's. */
  'studio:get': { request: WithScenario, reply: DraftReplySchema },
  /**
   * Stores a draft as the editor has it (at most MAX_SCENARIO_BYTES of JSON, an object whose id is
   * `id`; it may be unfinished), canonicalised. Without `revision` it creates `id`; with it, it must
   * be the stored revision (else conflict, reason stale-revision). Built-ins: read-only.
   */
  'studio:save': { request: WithScenario.extend({ text: z.string(), revision: z.number().int().min(1).optional() }), reply: z.strictObject({ entry: StudioEntrySchema, revision: n }) },
  /** A copy under `<id>-copie` (then -copie-2…), « Copie de … » / "Copy of …", version 1, not published, not assigned. */
  'studio:duplicate': { request: WithScenario, reply: DraftReplySchema },
  /** To the trash, withdrawn from trainees (attempts under way still resume); studio:restore undoes it. */
  'studio:delete': { request: WithScenario, reply: Empty },
  'studio:restore': { request: WithScenario, reply: StudioEntrySchema },
  /** Lint errors (the first 50) refuse it; otherwise the version goes up if the content changed, and trainees get it. */
  'studio:publish': {
    request: WithScenario,
    reply: z.union([
      z.strictObject({ ok: z.literal(true), entry: StudioEntrySchema, version: n, contentHash: z.string() }),
      z.strictObject({ ok: z.literal(false), errors: z.array(z.strictObject({ code: z.string(), message: z.string(), path: z.array(z.union([z.string(), z.number()])) })) }),
    ]),
  },
  'studio:assign': { request: WithScenario.extend({ assigned: z.boolean() }), reply: StudioEntrySchema },
  /** The canonical text as `<id>.json`, through the save dialog or a download slot. */
  'studio:export': { request: WithScenario.extend({ lang: z.enum(['fr', 'en']) }), reply: z.union([Cancelled, z.strictObject({ cancelled: z.literal(false), file: DeliveredSchema })]) },
  /** Over every stored attempt of the scenario: attempts that decided at each step, took each choice (`step/choice`), timed out at each step. */
  'studio:cohort': { request: WithScenario, reply: z.strictObject({ attempts: n, steps: Counts, choices: Counts, timeouts: Counts }) },
} as const satisfies Record<ChannelName, { request: z.ZodType; reply: z.ZodType }>;

export type Channel = keyof typeof CONTRACT;
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;
export type RequestOf<C extends Channel> = z.input<(typeof CONTRACT)[C]['request']>;
export type ReplyOf<C extends Channel> = z.output<(typeof CONTRACT)[C]['reply']>;

export const ERROR_CODES = ['invalid-request', 'unknown-channel', 'forbidden', 'auth-required', 'invalid-file', 'not-found', 'conflict', 'invalid-decision', 'read-only', 'storage-unavailable', 'unreachable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses the bridge: a value, or a typed error without a stack trace. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string; retryable: boolean; reason?: string } };

/** The one API object the renderer sees (window.comptoir in Electron; an HTTP client in browser mode). */
export interface ComptoirApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Envelope<ReplyOf<C>>>;
}
