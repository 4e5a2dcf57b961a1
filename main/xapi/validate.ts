// Checks a statement against the xAPI 1.0.3 data rules before it leaves the workstation, with a
// path and a reason per problem: what an LRS would answer 400 to is caught here, and said clearly.
import { z } from 'zod';

// --- Formats ---

/** An absolute IRI: a scheme, a colon, then no spaces or characters IRIs forbid (RFC 3987). */
export function isAbsoluteIri(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]+$/u.test(value)) return false;
  // Hierarchical web schemes need an authority: "https:foo" is not an address.
  if (/^https?:/i.test(value)) return /^https?:\/\/[^/?#\s]+/i.test(value);
  return true;
}

/** An IRL: an absolute IRI that can also be dereferenced (parses as a URL). */
function isIrl(value: string): boolean {
  if (!isAbsoluteIri(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const GRANDFATHERED = new Set(['en-gb-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo', 'i-navajo', 'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-be-fr', 'sgn-be-nl', 'sgn-ch-de']);

/**
 * An RFC 5646 (BCP 47) language tag: language[-extlang][-script][-region](-variant)*(-extension)*[-x-private],
 * a private-use tag, or one of the grandfathered tags. Walked subtag by subtag, in linear time.
 */
export function isLanguageTag(value: string): boolean {
  if (GRANDFATHERED.has(value.toLowerCase())) return true;
  const parts = value.split('-');
  if (parts.some((p) => p.length === 0 || !/^[a-z0-9]+$/i.test(p))) return false;
  let i = 0;
  const next = (test: (part: string) => boolean) => {
    const part = parts[i];
    if (part === undefined || !test(part)) return false;
    i++;
    return true;
  };
  const alpha = (min: number, max: number) => (p: string) => /^[a-z]+$/i.test(p) && p.length >= min && p.length <= max;
  const alnum = (min: number, max: number) => (p: string) => p.length >= min && p.length <= max;
  const privateUse = () => {
    let n = 0;
    while (next(alnum(1, 8))) n++;
    return n > 0;
  };
  if (next((p) => p.toLowerCase() === 'x')) return privateUse() && i === parts.length;
  const language = parts[0]!;
  if (!next(alpha(2, 8))) return false;
  if (language.length <= 3) for (let n = 0; n < 3 && next(alpha(3, 3)); n++); // extlang
  next(alpha(4, 4)); // script
  next((p) => alpha(2, 2)(p) || /^\d{3}$/.test(p)); // region
  while (next((p) => (p.length >= 5 && p.length <= 8) || (p.length === 4 && /^\d/.test(p)))); // variants
  while (next((p) => p.length === 1 && p.toLowerCase() !== 'x')) { // extensions
    let n = 0;
    while (next(alnum(2, 8))) n++;
    if (n === 0) return false;
  }
  if (next((p) => p.toLowerCase() === 'x') && !privateUse()) return false;
  return i === parts.length;
}

/** RFC 4122 UUID, any version, variant bits 10 (what xAPI accepts). */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value);

const DATE_UNITS = ['Y', 'M', 'W', 'D'];
const TIME_UNITS = ['H', 'M', 'S'];

/**
 * An ISO 8601 duration: P, date components in the order Y M W D, then T and time components H M S;
 * at least one component, T only before a time component, a decimal fraction only on the last one.
 */
export function isIsoDuration(value: string): boolean {
  if (!value.startsWith('P')) return false;
  const [date = '', time, ...extra] = value.slice(1).split('T');
  if (extra.length > 0 || time === '') return false;
  const components: { units: readonly string[]; text: string }[] = [{ units: DATE_UNITS, text: date }, { units: TIME_UNITS, text: time ?? '' }];
  let count = 0;
  let fraction = false;
  for (const { units, text } of components) {
    let rest = text;
    let last = -1;
    while (rest.length > 0) {
      const m = /^(\d+|\d+[.,]\d+)([A-Z])/.exec(rest);
      if (!m || fraction) return false;
      const unit = units.indexOf(m[2]!);
      if (unit <= last) return false;
      last = unit;
      fraction = /[.,]/.test(m[1]!);
      count++;
      rest = rest.slice(m[0].length);
    }
  }
  return count > 0;
}

/** ISO 8601 date-time with a time zone (xAPI: "SHOULD include a time zone"; -00:00 is forbidden). */
export function isIsoTimestamp(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(.*)$/.exec(value);
  if (!m) return false;
  const [, year, month, day, hour, minute, rest = ''] = m;
  const zone = /(Z|[+-]\d{2}:?\d{2})$/.exec(rest)?.[1];
  if (zone === undefined || zone === '-00:00' || zone === '-0000') return false;
  const seconds = rest.slice(0, rest.length - zone.length);
  if (seconds !== '' && !/^:\d{2}$/.test(seconds) && !/^:\d{2}\.\d+$/.test(seconds)) return false;
  const second = seconds === '' ? 0 : Number(seconds.slice(1, 3));
  const [zh, zm] = zone === 'Z' ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
  const days = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= days
    && Number(hour) <= 23 && Number(minute) <= 59 && second <= 59 && zh <= 23 && zm <= 59;
}

/** An Internet Media Type (type/subtype, parameters after a semicolon). */
const isMediaType = (value: string) => /^[\w.+-]+\/[\w.+-]+$/.test(value.split(';')[0]!.trim());

// --- Schemas ---

const Iri = z.string().refine(isAbsoluteIri, 'must be an absolute IRI (scheme:…, e.g. https://…)');
const Irl = z.string().refine(isIrl, 'must be an absolute IRL (a resolvable address, e.g. https://…)');
const Uuid = z.string().refine(isUuid, 'must be a UUID (RFC 4122, e.g. 0f8c…-…-4…-8…-…)');
const Timestamp = z.string().refine(isIsoTimestamp, 'must be an ISO 8601 date-time with a time zone (e.g. 2025-03-01T09:30:00.000Z)');
const Duration = z.string().refine(isIsoDuration, 'must be an ISO 8601 duration (e.g. PT1M30.5S)');
const LanguageTag = z.string().refine(isLanguageTag, 'must be an RFC 5646 language tag (e.g. fr, en-US)');

const LanguageMap = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  for (const key of Object.keys(map)) {
    if (!isLanguageTag(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not an RFC 5646 language tag (a language map's keys must be, e.g. fr, en-US)` });
  }
});

const Extensions = z.record(z.string(), z.unknown()).superRefine((map, ctx) => {
  for (const [key, value] of Object.entries(map)) {
    if (!isAbsoluteIri(key)) ctx.addIssue({ code: 'custom', path: [key], message: `extension key "${key}" is not an absolute IRI` });
    if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'an extension needs a JSON value' });
  }
});

/** Validates with the schema that `choose` picks for the value, keeping its issues and their paths. */
function dispatch(choose: (value: unknown) => z.ZodType): z.ZodType<unknown> {
  return z.unknown().superRefine((value, ctx) => {
    const parsed = choose(value).safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message });
  });
}

const objectTypeOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { objectType?: unknown }).objectType : undefined);

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const ifiFields = {
  mbox: z.string().regex(/^mailto:[^@\s]+@[^@\s]+$/, 'mbox must be a mailto: IRI (mailto:name@example.org)').optional(),
  mbox_sha1sum: z.string().regex(/^[0-9a-f]{40}$/i, 'mbox_sha1sum must be the 40 hex digits of a SHA-1').optional(),
  openid: z.string().refine(isAbsoluteIri, 'openid must be an absolute URI').optional(),
  account: z.strictObject({ homePage: Irl, name: z.string().min(1, 'account.name must not be empty') }).optional(),
};
const ifisUsed = (agent: Record<string, unknown>) => IFIS.filter((k) => agent[k] !== undefined);

const Agent = z.strictObject({ objectType: z.literal('Agent').optional(), name: z.string().optional(), ...ifiFields }).superRefine((agent, ctx) => {
  const used = ifisUsed(agent);
  if (used.length !== 1) {
    ctx.addIssue({ code: 'custom', message: used.length === 0
      ? 'an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account): it has none'
      : `an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account): it has ${used.join(', ')}` });
  }
});

const Group = z.strictObject({ objectType: z.literal('Group'), name: z.string().optional(), member: z.array(Agent).optional(), ...ifiFields }).superRefine((group, ctx) => {
  const used = ifisUsed(group);
  if (used.length > 1) ctx.addIssue({ code: 'custom', message: `a Group has at most one identifier: it has ${used.join(', ')}` });
  if (used.length === 0 && (group.member === undefined || group.member.length === 0)) {
    ctx.addIssue({ code: 'custom', path: ['member'], message: 'an anonymous Group (no identifier) must list its members' });
  }
});

const Actor = dispatch((value) => (objectTypeOf(value) === 'Group' ? Group : Agent));

const Verb = z.strictObject({ id: Iri, display: LanguageMap.optional() });

const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'] as const;
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;
const ALLOWED_COMPONENTS: Record<(typeof INTERACTION_TYPES)[number], readonly string[]> = {
  'true-false': [], 'fill-in': [], 'long-fill-in': [], numeric: [], other: [],
  choice: ['choices'], sequencing: ['choices'], likert: ['scale'], matching: ['source', 'target'], performance: ['steps'],
};
const Component = z.strictObject({ id: z.string().min(1, 'an interaction component needs an id'), description: LanguageMap.optional() });

const Definition = z.strictObject({
  name: LanguageMap.optional(),
  description: LanguageMap.optional(),
  type: Iri.optional(),
  moreInfo: Irl.optional(),
  interactionType: z.enum(INTERACTION_TYPES).optional(),
  correctResponsesPattern: z.array(z.string()).optional(),
  choices: z.array(Component).optional(),
  scale: z.array(Component).optional(),
  source: z.array(Component).optional(),
  target: z.array(Component).optional(),
  steps: z.array(Component).optional(),
  extensions: Extensions.optional(),
}).superRefine((definition, ctx) => {
  for (const list of COMPONENT_LISTS) {
    const components = definition[list];
    if (components === undefined) continue;
    const type = definition.interactionType;
    if (type === undefined || !ALLOWED_COMPONENTS[type].includes(list)) {
      const allowedWith = Object.entries(ALLOWED_COMPONENTS).filter(([, lists]) => lists.includes(list)).map(([t]) => t);
      ctx.addIssue({ code: 'custom', path: [list], message: `"${list}" is only allowed with interactionType ${allowedWith.join(' or ')}` });
    }
    const seen = new Set<string>();
    components.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `interaction component id "${c.id}" is used twice` });
      seen.add(c.id);
    });
  }
  if (definition.correctResponsesPattern !== undefined && definition.interactionType === undefined) {
    ctx.addIssue({ code: 'custom', path: ['correctResponsesPattern'], message: 'correctResponsesPattern needs an interactionType' });
  }
});

const Activity = z.strictObject({ objectType: z.literal('Activity').optional(), id: Iri, definition: Definition.optional() });
const StatementRef = z.strictObject({ objectType: z.literal('StatementRef'), id: Uuid });

const Score = z.strictObject({
  scaled: z.number().min(-1, 'score.scaled must be between -1 and 1').max(1, 'score.scaled must be between -1 and 1').optional(),
  raw: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
}).superRefine((score, ctx) => {
  if (score.min !== undefined && score.max !== undefined && score.min >= score.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `score.min (${score.min}) must be less than score.max (${score.max})` });
  if (score.raw !== undefined && score.min !== undefined && score.raw < score.min) ctx.addIssue({ code: 'custom', path: ['raw'], message: `score.raw (${score.raw}) is below score.min (${score.min})` });
  if (score.raw !== undefined && score.max !== undefined && score.raw > score.max) ctx.addIssue({ code: 'custom', path: ['raw'], message: `score.raw (${score.raw}) is above score.max (${score.max})` });
});

const Result = z.strictObject({
  score: Score.optional(),
  success: z.boolean().optional(),
  completion: z.boolean().optional(),
  response: z.string().optional(),
  duration: Duration.optional(),
  extensions: Extensions.optional(),
});

const ContextActivities = z.union([Activity, z.array(Activity)]);
const Context = z.strictObject({
  registration: Uuid.optional(),
  instructor: Actor.optional(),
  team: Group.optional(),
  contextActivities: z.strictObject({
    parent: ContextActivities.optional(),
    grouping: ContextActivities.optional(),
    category: ContextActivities.optional(),
    other: ContextActivities.optional(),
  }).optional(),
  revision: z.string().optional(),
  platform: z.string().optional(),
  language: LanguageTag.optional(),
  statement: StatementRef.optional(),
  extensions: Extensions.optional(),
});

const Attachment = z.strictObject({
  usageType: Iri,
  display: LanguageMap,
  description: LanguageMap.optional(),
  contentType: z.string().refine(isMediaType, 'contentType must be an Internet Media Type (e.g. application/pdf)'),
  length: z.number().int().min(0),
  sha2: z.string().regex(/^[0-9a-f]{56,128}$/i, 'sha2 must be a SHA-2 hash in hex'),
  fileUrl: Irl.optional(),
});

// eslint-disable-next-line @microsoft/sdl/no-insecure-url -- an identifier (ADL's voided verb), never fetched
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

/** Rules that tie the parts of a statement (or a sub-statement) together. */
function crossChecks(statement: { verb: { id: string }; object: unknown; context?: { revision?: string | undefined; platform?: string | undefined } | undefined }, ctx: z.RefinementCtx) {
  const type = objectTypeOf(statement.object);
  const isActivity = type === undefined || type === 'Activity';
  if (!isActivity && statement.context?.revision !== undefined) ctx.addIssue({ code: 'custom', path: ['context', 'revision'], message: 'context.revision is only allowed when the object is an Activity' });
  if (!isActivity && statement.context?.platform !== undefined) ctx.addIssue({ code: 'custom', path: ['context', 'platform'], message: 'context.platform is only allowed when the object is an Activity' });
  if (statement.verb.id === VOIDED && type !== 'StatementRef') ctx.addIssue({ code: 'custom', path: ['object'], message: 'a voiding statement\'s object must be a StatementRef' });
}

const objectOf = (allowSubStatement: boolean): z.ZodType<unknown> => dispatch((value) => {
  switch (objectTypeOf(value)) {
    case 'Agent': return Agent;
    case 'Group': return Group;
    case 'StatementRef': return StatementRef;
    case 'SubStatement': return allowSubStatement ? SubStatement : z.never({ error: 'a SubStatement cannot contain another SubStatement' });
    case undefined: case 'Activity': return Activity;
    default: return z.never({ error: `unknown object.objectType "${String(objectTypeOf(value))}" (Activity, Agent, Group, StatementRef or SubStatement)` });
  }
});

const SubStatement: z.ZodType<unknown> = z.lazy(() => z.strictObject({
  objectType: z.literal('SubStatement'),
  actor: Actor,
  verb: Verb,
  object: objectOf(false),
  result: Result.optional(),
  context: Context.optional(),
  timestamp: Timestamp.optional(),
  attachments: z.array(Attachment).optional(),
}).superRefine(crossChecks));

export const StatementSchema = z.strictObject({
  id: Uuid.optional(),
  actor: Actor,
  verb: Verb,
  object: objectOf(true),
  result: Result.optional(),
  context: Context.optional(),
  timestamp: Timestamp.optional(),
  stored: Timestamp.optional(),
  authority: Actor.optional(),
  version: z.string().refine((v) => v === '1.0' || /^1\.0\.\d+$/.test(v), 'version must be 1.0 or 1.0.x').optional(),
  attachments: z.array(Attachment).optional(),
}).superRefine(crossChecks);

// --- Results ---

export interface StatementIssue {
  /** Where in the statement, dotted (e.g. "result.score.scaled"); "" for the statement itself. */
  readonly path: string;
  readonly reason: string;
}

export type Validation = { readonly ok: true } | { readonly ok: false; readonly issues: readonly StatementIssue[] };

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** Checks one statement against the xAPI 1.0.3 rules. */
export function validateStatement(statement: unknown): Validation {
  const parsed = StatementSchema.safeParse(statement);
  if (parsed.success) return { ok: true };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: pathOf(i.path), reason: i.message })) };
}

/** Checks a batch: every problem, each path prefixed with the statement's index; ids must be unique. */
export function validateStatements(statements: readonly unknown[]): Validation {
  const issues: StatementIssue[] = [];
  const ids = new Set<string>();
  statements.forEach((s, index) => {
    const result = validateStatement(s);
    if (!result.ok) issues.push(...result.issues.map((i) => ({ path: i.path ? `${index}.${i.path}` : String(index), reason: i.reason })));
    const id = typeof s === 'object' && s !== null ? (s as { id?: unknown }).id : undefined;
    if (typeof id === 'string') {
      if (ids.has(id)) issues.push({ path: `${index}.id`, reason: `statement id ${id} appears twice in the batch` });
      ids.add(id);
    }
  });
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
}

/** One line per problem, for logs and the outbox's failure reason. */
export const describeIssues = (issues: readonly StatementIssue[]) => issues.map((i) => `${i.path || '(statement)'}: ${i.reason}`).join('; ');
