// The bundle that gathers results from many workstations: a JSON Lines file (docs/PRIVACY.md,
// "Bundles", describes it), read and written one record at a time so its size never matters.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { decodeEnvelope, type DocumentSpec } from './document';
import type { Attempt, Profile } from './schema';

export const BUNDLE_FORMAT = 'comptoir-bundle';
/**
 * Version 1, one JSON object a line (UTF-8, LF; CRLF and a BOM are accepted on reading):
 *   {"type":"header","format":"comptoir-bundle","bundleVersion":1,"workstation":{"id","name"},"exportedAt","range"?}
 *   {"type":"profiles","schemaVersion":1,"data":{"profiles":[…]}}        exactly once, before any attempt
 *   {"type":"attempt","schemaVersion":1,"data":{"attempt":{…}}}          one a line, with its decision log
 *   {"type":"scenario","contentHash":"<sha-256 of text>","text":"…"}     each version an attempt was played on
 *   {"type":"end","counts":{"profiles","scenarios","attempts"}}          last: a copy cut short has none
 * The profiles and attempt records are the store's own documents (same schema version, same migrations).
 */
export const BUNDLE_VERSION = 1;
/** A line longer than this is refused rather than buffered (an attempt's longest log is about 20 MB). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const MAX_SCENARIO_CHARS = 10 * 1024 * 1024;

const Iso = z.string().datetime({ offset: true });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const Count = z.number().int().min(0);

export const BundleHeaderSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.number().int().min(1),
  workstation: z.strictObject({ id: z.uuid(), name: z.string().min(1).max(80) }),
  exportedAt: Iso,
  /** The months of attempts' starts the exporter asked for; absent: every month. */
  range: z.strictObject({ from: Month.optional(), to: Month.optional() }).optional(),
});
export type BundleHeader = z.infer<typeof BundleHeaderSchema>;

const ScenarioRecordSchema = z.strictObject({
  type: z.literal('scenario'),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  text: z.string().max(MAX_SCENARIO_CHARS),
});
const BundleCountsSchema = z.strictObject({ profiles: Count, scenarios: Count, attempts: Count });
export type BundleCounts = z.infer<typeof BundleCountsSchema>;
const EndRecordSchema = z.strictObject({ type: z.literal('end'), counts: BundleCountsSchema });

export type BundleErrorCode = 'not-a-bundle' | 'newer-bundle' | 'newer-data' | 'malformed' | 'truncated' | 'changed-during-import';

/** Why a bundle was refused; `line` is 1-based. The renderer words it from `code` (French and English). */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  constructor(readonly code: BundleErrorCode, message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

export type BundleRecord =
  | { readonly type: 'header'; readonly line: number; readonly header: BundleHeader }
  | { readonly type: 'profiles'; readonly line: number; readonly profiles: readonly Profile[] }
  | { readonly type: 'scenario'; readonly line: number; readonly contentHash: string; readonly text: string }
  | { readonly type: 'attempt'; readonly line: number; readonly bytes: number; readonly attempt: Attempt }
  | { readonly type: 'end'; readonly line: number; readonly counts: BundleCounts };

export const encodeRecord = (record: object) => `${JSON.stringify(record)}\n`;
export const envelopeRecord = <T>(type: 'profiles' | 'attempt', data: T, spec: DocumentSpec<T>) => encodeRecord({ type, schemaVersion: spec.schemaVersion, data });

/** The file's lines, without their CR LF or LF, each checked for length and UTF-8; feeds `hash` the raw bytes. */
async function* lines(path: string, hash: Hash): AsyncGenerator<{ text: string; line: number; bytes: number }> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let carry: Buffer[] = [];
  let carried = 0;
  let line = 0;
  const decode = (bytes: Buffer) => {
    try {
      const text = utf8.decode(bytes);
      return (line === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
    } catch {
      throw new BundleError('malformed', 'not UTF-8 text', line);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const whole = carried > 0 ? Buffer.concat([...carry, piece]) : piece;
      carry = [];
      carried = 0;
      line++;
      if (whole.length > MAX_LINE_BYTES) throw new BundleError('malformed', `a record longer than ${MAX_LINE_BYTES} bytes`, line);
      yield { text: decode(whole), line, bytes: whole.length };
      start = nl + 1;
    }
    if (start < chunk.length) {
      carry.push(chunk.subarray(start));
      carried += chunk.length - start;
      if (carried > MAX_LINE_BYTES) throw new BundleError('malformed', `a record longer than ${MAX_LINE_BYTES} bytes`, line + 1);
    }
  }
  if (carried > 0) {
    line++;
    yield { text: decode(Buffer.concat(carry)), line, bytes: carried };
  }
}

const issues = (error: z.ZodError) => error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');

export interface ReadBundleOptions {
  readonly profilesSpec: DocumentSpec<{ profiles: Profile[] }>;
  readonly attemptSpec: DocumentSpec<{ attempt: Attempt }>;
  /** True when an attempt may name a profile the bundle does not carry (kept, merged or erased here). */
  readonly knownProfile: (id: string) => boolean;
  /** Receives the file's SHA-256 (hex) once it has been read to the end. */
  readonly onDigest?: (hex: string) => void;
}

/**
 * Reads and checks a bundle record by record: header first (format, version), one profiles
 * record before any attempt, no attempt twice, every attempt's profile known, scenario texts
 * matching their hashes, an end record with the right counts and nothing after it. Records go
 * through the store's own migrations, so a bundle written by an older Comptoir reads like its files.
 */
export async function* readBundle(path: string, options: ReadBundleOptions): AsyncGenerator<BundleRecord> {
  const hash = createHash('sha256');
  let header: BundleHeader | undefined;
  let profileIds: Set<string> | undefined;
  const attemptIds = new Set<string>();
  const counts = { profiles: 0, scenarios: 0, attempts: 0 };
  let ended = false;
  for await (const { text, line, bytes } of lines(path, hash)) {
    if (ended) {
      if (text.trim() === '') continue;
      throw new BundleError('malformed', 'records after the end record', line);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!header) throw new BundleError('not-a-bundle', 'this file is not a Comptoir bundle', line);
      throw new BundleError('malformed', 'not a JSON record', line);
    }
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (!header) {
      const claimed = value as { type?: unknown; format?: unknown; bundleVersion?: unknown } | null;
      if (type !== 'header' || claimed?.format !== BUNDLE_FORMAT) throw new BundleError('not-a-bundle', 'this file is not a Comptoir bundle', line);
      if (typeof claimed.bundleVersion === 'number' && claimed.bundleVersion > BUNDLE_VERSION) {
        throw new BundleError('newer-bundle', `written by a newer Comptoir (bundle version ${claimed.bundleVersion}, this version reads up to ${BUNDLE_VERSION})`, line);
      }
      const parsed = BundleHeaderSchema.safeParse(value);
      if (!parsed.success) throw new BundleError('malformed', `invalid header: ${issues(parsed.error)}`, line);
      header = parsed.data;
      yield { type: 'header', line, header };
      continue;
    }
    switch (type) {
      case 'profiles': {
        if (profileIds) throw new BundleError('malformed', 'a second profiles record', line);
        const decoded = decode(value, options.profilesSpec, line);
        profileIds = new Set();
        for (const p of decoded.profiles) {
          if (profileIds.has(p.id)) throw new BundleError('malformed', `profile ${p.id} appears twice`, line);
          profileIds.add(p.id);
        }
        counts.profiles = decoded.profiles.length;
        yield { type: 'profiles', line, profiles: decoded.profiles };
        break;
      }
      case 'scenario': {
        const parsed = ScenarioRecordSchema.safeParse(value);
        if (!parsed.success) throw new BundleError('malformed', `invalid scenario record: ${issues(parsed.error)}`, line);
        if (createHash('sha256').update(parsed.data.text).digest('hex') !== parsed.data.contentHash) {
          throw new BundleError('malformed', `the scenario text does not match its content hash ${parsed.data.contentHash}`, line);
        }
        counts.scenarios++;
        yield { type: 'scenario', line, contentHash: parsed.data.contentHash, text: parsed.data.text };
        break;
      }
      case 'attempt': {
        if (!profileIds) throw new BundleError('malformed', 'an attempt before the profiles record', line);
        const { attempt } = decode(value, options.attemptSpec, line);
        if (attemptIds.has(attempt.id)) throw new BundleError('malformed', `attempt ${attempt.id} appears twice`, line);
        attemptIds.add(attempt.id);
        if (!profileIds.has(attempt.profileId) && !options.knownProfile(attempt.profileId)) {
          throw new BundleError('malformed', `attempt ${attempt.id} belongs to profile ${attempt.profileId}, which is neither in the bundle nor on this workstation`, line);
        }
        counts.attempts++;
        yield { type: 'attempt', line, bytes, attempt };
        break;
      }
      case 'end': {
        const parsed = EndRecordSchema.safeParse(value);
        if (!parsed.success) throw new BundleError('malformed', `invalid end record: ${issues(parsed.error)}`, line);
        const said = parsed.data.counts;
        if (said.profiles !== counts.profiles || said.scenarios !== counts.scenarios || said.attempts !== counts.attempts) {
          throw new BundleError('truncated', `the end record counts ${JSON.stringify(said)} but the bundle holds ${JSON.stringify(counts)}`, line);
        }
        ended = true;
        yield { type: 'end', line, counts: said };
        break;
      }
      default:
        throw new BundleError('malformed', `unknown record type ${JSON.stringify(type)}`, line);
    }
  }
  if (!header) throw new BundleError('not-a-bundle', 'this file is empty, not a Comptoir bundle');
  if (!ended) throw new BundleError('truncated', 'the bundle ends before its end record (an interrupted copy?)');
  options.onDigest?.(hash.digest('hex'));
}

function decode<T>(value: unknown, spec: DocumentSpec<T>, line: number): T {
  const decoded = decodeEnvelope(value, spec);
  if (decoded.ok) return decoded.data;
  if (decoded.newer !== undefined) {
    throw new BundleError('newer-data', `a ${spec.name} record written by a newer Comptoir (data version ${decoded.newer}, this version reads up to ${spec.schemaVersion})`, line);
  }
  throw new BundleError('malformed', `invalid ${spec.name} record: ${decoded.issue ?? 'unreadable'}`, line);
}
