// The stored decision log's schema: what main persists and what `scenario play --log` reads.
import { z } from 'zod';
import { BEHAVIOURS, IdSchema, PHASES, TIMER_MODES } from '../format/schema';
import type { DecisionLog } from './rules';

/** Longest hesitation kept (a day); anything above is clamped, anything absurd refused. */
export const MAX_HESITATION_MS = 24 * 60 * 60 * 1000;

export const DecisionLogEntrySchema = z.strictObject({
  stepId: IdSchema,
  choiceId: IdSchema,
  timedOut: z.boolean(),
  phase: z.enum(PHASES),
  behaviour: z.enum(BEHAVIOURS),
  hesitationMs: z.number().finite().min(0).transform((v) => Math.min(v, MAX_HESITATION_MS)),
  at: z.number().int().min(0),
});

export const DecisionLogSchema = z.strictObject({
  timerMode: z.enum(TIMER_MODES),
  decisions: z.array(DecisionLogEntrySchema).max(100_000),
}) satisfies z.ZodType<DecisionLog, unknown>;
