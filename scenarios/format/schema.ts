// The scenario file format v1 as zod schemas: the one definition from which the types, the
// JSON Schema for editors and the validation messages all come.
import { z } from 'zod';
import { LangSchema, LocalizedTextSchema } from './text';
import { THEORY_IDS } from './glossary';

export const FORMAT_VERSION = 1;

export const PHASES = ['seduction', 'influence', 'prestation', 'ancrage'] as const;
export type Phase = (typeof PHASES)[number];
export const PhaseSchema = z.enum(PHASES).meta({ description: 'seduction (rapport), influence (needs, proposal), prestation (delivery), ancrage (loyalty)' });

export const EMOTIONS = ['neutral', 'pleased', 'delighted', 'worried', 'confused', 'impatient', 'annoyed', 'angry'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const BEHAVIOURS = ['proactive', 'reactive', 'passive'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export const METERS = ['mood', 'trust', 'patience'] as const;
export type Meter = (typeof METERS)[number];

export const SERVICE_CHARACTERISTICS = ['reliability', 'responsiveness', 'assurance', 'empathy', 'tangibles'] as const;
export type ServiceCharacteristic = (typeof SERVICE_CHARACTERISTICS)[number];

export const OUTCOMES = ['prescriber', 'passive', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'letters, digits, . _ - (up to 80), starting with a letter or digit')
  .meta({ description: 'A stable identifier: keep it when you edit the text, so logs and old attempts still point here.' });

const MeterValue = z.number().int().min(0).max(100);
const MeterDelta = z.number().int().min(-100).max(100);

export const MetersSchema = z.strictObject({ mood: MeterValue, trust: MeterValue, patience: MeterValue });
export type Meters = z.infer<typeof MetersSchema>;

export const MeterEffectsSchema = z
  .strictObject({ mood: MeterDelta.optional(), trust: MeterDelta.optional(), patience: MeterDelta.optional() })
  .meta({ description: 'Change of each customer meter (0–100, clamped) when this is chosen.' });
export type MeterEffects = z.infer<typeof MeterEffectsSchema>;

export type Condition =
  | { meter: Meter; op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq'; value: number }
  | { flag: string; is?: boolean | undefined }
  | { commitment: string; status: CommitmentStatus }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const COMMITMENT_STATUSES = ['open', 'kept', 'broken', 'made'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ meter: z.enum(METERS), op: z.enum(['lt', 'lte', 'gt', 'gte', 'eq']), value: MeterValue }),
    z.strictObject({ flag: IdSchema, is: z.boolean().optional() }),
    z.strictObject({ commitment: IdSchema, status: z.enum(COMMITMENT_STATUSES) }),
    z.strictObject({ all: z.array(ConditionSchema).min(1).max(32) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1).max(32) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
).meta({ id: 'Condition', description: 'A test on the customer meters, flags or commitments.' });

export const CommitmentEffectSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('make'),
    id: IdSchema,
    label: LocalizedTextSchema.meta({ description: 'What was promised: who, what, when, how (seed 001).' }),
  }),
  z.strictObject({ action: z.literal('keep'), id: IdSchema }),
  z.strictObject({ action: z.literal('break'), id: IdSchema }),
]).meta({ description: 'Make an explicit commitment, or keep / break an explicit or implicit one.' });
export type CommitmentEffect = z.infer<typeof CommitmentEffectSchema>;

const ServiceTagsSchema = z
  .strictObject(Object.fromEntries(SERVICE_CHARACTERISTICS.map((c) => [c, z.number().int().min(-2).max(2).optional()])) as Record<ServiceCharacteristic, z.ZodOptional<z.ZodNumber>>)
  .meta({ description: 'How this choice serves each of the five service characteristics (seed 002), from -2 to +2.' });
export type ServiceTags = Partial<Record<ServiceCharacteristic, number>>;

const FlagsSchema = z.record(IdSchema, z.boolean()).meta({ description: 'Flags to set (true) or clear (false).' });

const EmpathySchema = z.number().int().min(-3).max(3).meta({ description: 'Empathy shown by this choice, from -3 (cold, provocative) to +3 (warm, personal).' });

export const EndingSchema = z.strictObject({
  outcome: z.enum(OUTCOMES),
  walkOut: z.boolean().optional().meta({ description: 'The customer walked out: a way to reach "lost".' }),
  epilogue: LocalizedTextSchema.optional(),
});
export type Ending = z.infer<typeof EndingSchema>;

export const TransitionSchema = z.strictObject({
  id: IdSchema,
  when: ConditionSchema,
  to: IdSchema,
  phases: z.array(PhaseSchema).min(1).optional().meta({ description: 'Only from steps of these phases (default: all).' }),
}).meta({ description: 'An automatic transition, tested after every decision, before the choice’s own next step.' });
export type Transition = z.infer<typeof TransitionSchema>;

export const ImplicitCommitmentSchema = z.strictObject({
  id: IdSchema,
  label: LocalizedTextSchema.meta({ description: 'What the industry norm promises without a word (seed 001: the drink at the start of a flight).' }),
});
export type ImplicitCommitment = z.infer<typeof ImplicitCommitmentSchema>;

export const LOYALTY_PATTERNS = ['mono', 'mixed', 'disloyal', 'transition'] as const;
export const LOYALTY_BASES = ['functional', 'emotional'] as const;
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;
export const TIMER_MODES = ['off', 'relaxed', 'normal'] as const;
export type TimerMode = (typeof TIMER_MODES)[number];

export const BriefingSchema = z.strictObject({
  setting: LocalizedTextSchema,
  customer: z.strictObject({
    name: z.string().trim().min(1).max(120),
    portrait: LocalizedTextSchema.optional(),
    loyalty: z.strictObject({ pattern: z.enum(LOYALTY_PATTERNS), basis: z.enum(LOYALTY_BASES) }),
    explicitNeeds: z.array(LocalizedTextSchema).max(20).default([]),
    implicitNeeds: z.array(LocalizedTextSchema).max(20).default([]).meta({ description: 'Needs that only come out when the trainee asks.' }),
  }),
  objectives: z.array(LocalizedTextSchema).min(1).max(12),
  difficulty: z.enum(DIFFICULTIES),
  estimatedMinutes: z.number().int().min(1).max(120),
});
export type Briefing = z.infer<typeof BriefingSchema>;

export const RulesSchema = z.strictObject({
  coldInfluence: z
    .strictObject({
      trustBelow: MeterValue.default(50),
      trustCost: z.number().int().min(0).max(100).default(10),
      empathyCost: z.number().int().min(0).max(3).default(2),
    })
    .prefault({})
    .meta({ description: 'Entering influence while trust is below the threshold ("à froid", seed 000) costs trust and empathy.' }),
  walkOut: z
    .strictObject({
      patienceAtOrBelow: MeterValue.default(0),
      moodAtOrBelow: MeterValue.default(0),
      step: IdSchema.optional().meta({ description: 'The ending step (outcome lost, walkOut true) reached when the customer walks out.' }),
    })
    .prefault({}),
  openCommitmentMoodCost: z.number().int().min(0).max(100).default(10).meta({ description: 'Mood lost per commitment still open when prestation ends.' }),
  passMark: z.number().min(0).max(100).default(60).meta({ description: 'Overall score (0–100) needed to pass.' }),
  outcomeValues: z
    .strictObject({ prescriber: z.number().min(0).default(500), passive: z.number().min(0).default(300), lost: z.number().min(0).default(0) })
    .prefault({})
    .meta({ description: 'Customer value of each outcome (seed 003: $500 / $300 / $0).' }),
}).prefault({});
export type Rules = z.infer<typeof RulesSchema>;

/** The schemas every step and option repeats, which zod's compiled versions can stand in for. */
interface Leaves {
  readonly text: typeof LocalizedTextSchema;
  readonly id: typeof IdSchema;
  readonly effects: typeof MeterEffectsSchema;
  readonly empathy: typeof EmpathySchema;
}

/** The option, timeout, step and scenario schemas, built on `leaves` (the same definitions whichever). */
function stepSchemas({ text, id, effects, empathy }: Leaves) {
  const ChoiceSchema = z.strictObject({
    id,
    text,
    behaviour: z.enum(BEHAVIOURS),
    empathy,
    effects: effects.optional(),
    commitment: CommitmentEffectSchema.optional(),
    service: ServiceTagsSchema.optional(),
    setFlags: FlagsSchema.optional(),
    feedback: text,
    theory: z.enum(THEORY_IDS),
    next: id,
    condition: ConditionSchema.optional(),
  });

  const TimeoutBranchSchema = z.strictObject({
    id,
    empathy: z.number().int().min(-3).max(0).default(0),
    effects: effects.optional(),
    commitment: CommitmentEffectSchema.optional(),
    setFlags: FlagsSchema.optional(),
    feedback: text,
    theory: z.enum(THEORY_IDS),
    next: id,
  }).meta({ description: 'What happens when the trainee lets the time run out: logged as a passive decision.' });

  const StepSchema = z.strictObject({
    id,
    phase: PhaseSchema,
    customer: z.strictObject({ line: text, emotion: z.enum(EMOTIONS) }),
    narration: text.optional().meta({ description: 'Stage direction shown above the line (what the trainee sees happen).' }),
    timer: z
      .strictObject({ seconds: z.number().int().min(3).max(600), timeout: TimeoutBranchSchema })
      .optional()
      .meta({ description: 'A time limit: when it runs out, the timeout branch is taken (WCAG 2.2.1: the trainee can switch timing off or relax it).' }),
    choices: z.array(ChoiceSchema).max(9).default([]),
    ending: EndingSchema.optional(),
    note: z.string().max(4000).optional().meta({ description: 'A trainer-only note, never shown to trainees.' }),
  });

  const ScenarioSchema = z.strictObject({
    $schema: z.string().optional(),
    formatVersion: z.literal(FORMAT_VERSION),
    id,
    version: z.number().int().min(1).meta({ description: 'Content version: bump it when you publish a change.' }),
    mainLanguage: LangSchema,
    title: text,
    summary: text.optional(),
    briefing: BriefingSchema,
    meters: MetersSchema.meta({ description: 'The customer’s starting mood, trust (the rapport that séduction builds) and patience, 0–100.' }),
    rules: RulesSchema,
    implicitCommitments: z.array(ImplicitCommitmentSchema).max(50).default([]),
    transitions: z.array(TransitionSchema).max(100).default([]),
    start: id.optional().meta({ description: 'The first step (default: the first in the list).' }),
    steps: z.array(StepSchema).min(1).max(20000),
    editor: z
      .strictObject({ positions: z.record(id, z.strictObject({ x: z.number(), y: z.number() })).default({}) })
      .optional()
      .meta({ description: 'Studio metadata: saved positions of steps on the graph.' }),
  }).meta({ title: 'Comptoir scenario', description: 'A branching customer encounter for Comptoir (format v1).' });
  return { ChoiceSchema, TimeoutBranchSchema, StepSchema, ScenarioSchema };
}

export const { ChoiceSchema, TimeoutBranchSchema, StepSchema, ScenarioSchema } = stepSchemas({ text: LocalizedTextSchema, id: IdSchema, effects: MeterEffectsSchema, empathy: EmpathySchema });
export type Choice = z.infer<typeof ChoiceSchema>;
export type TimeoutBranch = z.infer<typeof TimeoutBranchSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

let compiledForLoading: typeof ScenarioSchema | undefined;

/**
 * ScenarioSchema built on zod's compiled versions of the schemas every step repeats (texts, ids,
 * meter effects, empathy): the same definitions, so the same verdicts, values and issues (a
 * compiled schema hands what it refuses to its interpreted self), parsed several times faster.
 * Built on first use, and only where zod may compile: under `jitless` (the renderer's CSP forbids
 * eval) it is ScenarioSchema itself.
 */
export function scenarioSchemaForLoading(): typeof ScenarioSchema {
  if (z.config().jitless) return ScenarioSchema;
  compiledForLoading ??= stepSchemas({ text: z.compile(LocalizedTextSchema), id: z.compile(IdSchema), effects: z.compile(MeterEffectsSchema), empathy: z.compile(EmpathySchema) }).ScenarioSchema;
  return compiledForLoading;
}
