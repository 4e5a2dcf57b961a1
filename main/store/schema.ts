// What the store keeps, as zod schemas shared by the store, the IPC contract and the tests.
import { z } from 'zod';
import { IdSchema, TIMER_MODES, OUTCOMES, PHASES } from '../../scenarios/format/schema';
import { DecisionLogSchema } from '../../scenarios/engine/logSchema';

/** The version every document started at; each one's current version is 1 + its migrations (store.ts DOCUMENTS). */
export const STORE_VERSION = 1;

const Iso = z.string().datetime({ offset: true });
const Text = (max: number) => z.string().trim().min(1).max(max);

export const ProfileSchema = z.strictObject({
  id: z.uuid(),
  displayName: Text(80),
  employeeId: Text(40).optional(),
  cohort: Text(80).optional(),
  site: Text(80).optional(),
  createdAt: Iso,
});
export type Profile = z.infer<typeof ProfileSchema>;

export const ATTEMPT_KINDS = ['assessed', 'practice'] as const;
export const ATTEMPT_STATUSES = ['in-progress', 'finished', 'abandoned'] as const;

/** The figures HR lists without recomputing (main recomputes them from the log at each end). */
export const AttemptResultSchema = z.strictObject({
  outcome: z.enum(OUTCOMES).nullable(),
  walkOut: z.boolean(),
  customerValue: z.number().nullable(),
  overall: z.number(),
  empathy: z.number(),
  proactivity: z.number(),
  reliability: z.number(),
  passed: z.boolean(),
  /** Per phase: 0–100 scores (null where the phase saw no decision) and points lost against its best
   *  options, for HR's per-phase sheet and "where most points are lost". Absent on attempts stored
   *  before it existed: readers recompute them from the log. */
  phases: z.record(z.enum(PHASES), z.strictObject({
    decisions: z.number().int().min(0),
    empathy: z.number().nullable(),
    proactivity: z.number().nullable(),
    empathyLost: z.number(),
    proactivityLost: z.number(),
  })).optional(),
});
export type AttemptResult = z.infer<typeof AttemptResultSchema>;

export const AttemptSchema = z.strictObject({
  id: z.uuid(),
  profileId: z.uuid(),
  scenarioId: IdSchema,
  scenarioVersion: z.number().int().min(1),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  timerMode: z.enum(TIMER_MODES),
  kind: z.enum(ATTEMPT_KINDS),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: Iso,
  updatedAt: Iso,
  finishedAt: Iso.optional(),
  log: DecisionLogSchema,
  result: AttemptResultSchema.optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const AttemptSummarySchema = AttemptSchema.omit({ log: true }).extend({ decisions: z.number().int().min(0) });
export type AttemptSummary = z.infer<typeof AttemptSummarySchema>;

export const SettingsSchema = z.strictObject({
  locale: z.enum(['fr', 'en']).default('fr'),
  /** Minutes without input before a shared workstation returns to the start screen. */
  idleMinutes: z.number().int().min(1).max(240).default(10),
  /** Months an ended attempt is kept before purgeExpired() erases it; null or absent: kept until erased. */
  retentionMonths: z.number().int().min(1).max(240).nullable().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const ProfilesDocSchema = z.strictObject({ profiles: z.array(ProfileSchema) });
export const IndexDocSchema = z.strictObject({ attempts: z.record(z.uuid(), AttemptSummarySchema) });
export type IndexDoc = z.infer<typeof IndexDocSchema>;
export const AttemptDocSchema = z.strictObject({ attempt: AttemptSchema });

/** This workstation, named in the bundles it exports (created on first use). */
export const WorkstationSchema = z.strictObject({
  id: z.uuid(),
  name: Text(80),
  createdAt: Iso,
});
export type Workstation = z.infer<typeof WorkstationSchema>;

/**
 * What must survive a profile's merge or erasure so that a bundle imported later cannot undo it:
 * merged profile id → the id it was merged into, erased profile id → when. Ids only, no personal data.
 */
export const LedgerDocSchema = z.strictObject({
  merged: z.record(z.uuid(), z.uuid()),
  erased: z.record(z.uuid(), Iso),
});
export type LedgerDoc = z.infer<typeof LedgerDocSchema>;
