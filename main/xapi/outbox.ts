// The xAPI outbox: statements wait in <dataDir>/xapi (an index of batches and one file per batch)
// until an LRS takes them; each batch is queued, sent or failed (with the LRS's reason), and
// transient failures pause sending with an exponential back-off. Nothing is lost on a crash.
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { JsonDocument, quarantinedIn, removeDocuments, scrubBackups, type DocumentSpec, type StoreNotice } from '../store/document';
import { readFileIfExists } from '../store/atomicFile';
import { xapiText, type BilingualText, type XapiReason } from './messages';
import type { SendOutcome } from './client';
import { writeStatementsFile } from './exportFile';
import type { XapiStatement } from './statements';
import { describeIssues, isUuid, validateStatement, validateStatements } from './validate';

export const BATCH_STATUSES = ['queued', 'sent', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface BackoffPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}
/** 30 s, 1 min, 2 min … up to an hour between tries while the LRS keeps failing. */
export const DEFAULT_BACKOFF: BackoffPolicy = { firstDelayMs: 30_000, maxDelayMs: 60 * 60_000 };
/** The longest an LRS's Retry-After is obeyed (a day), so a wrong header cannot stop sending for good. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/** The wait after `failures` consecutive transient failures (1 → firstDelayMs, doubling, capped). */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures <= 0) return 0;
  return Math.min(policy.firstDelayMs * 2 ** (failures - 1), policy.maxDelayMs);
}

const Iso = z.string().datetime({ offset: true });
const Uuid = z.string().refine(isUuid);
const REASONS = [
  'rejected', 'unauthorized', 'forbidden', 'conflict', 'not-found', 'redirect', 'http-error', 'invalid-statement',
  'rate-limited', 'server-error', 'network', 'timeout', 'not-configured',
  'invalid-endpoint', 'insecure-endpoint', 'invalid-key', 'invalid-secret', 'secret-missing', 'invalid-base',
] as const satisfies readonly XapiReason[];

const BatchSchema = z.strictObject({
  id: z.uuid(),
  attemptId: z.uuid(),
  profileId: z.uuid(),
  status: z.enum(BATCH_STATUSES),
  statementIds: z.array(Uuid).min(1),
  createdAt: Iso,
  tries: z.number().int().min(0),
  sentAt: Iso.optional(),
  lastError: z.strictObject({ code: z.enum(REASONS), status: z.number().int().optional(), reason: z.string(), at: Iso }).optional(),
});
type Batch = z.infer<typeof BatchSchema>;

const OutboxDocSchema = z.strictObject({
  batches: z.array(BatchSchema),
  /** Consecutive transient failures, and no automatic try before pausedUntil (the back-off). */
  retry: z.strictObject({ failures: z.number().int().min(0), pausedUntil: Iso.optional() }),
});
type OutboxDoc = z.infer<typeof OutboxDocSchema>;
const OUTBOX_SPEC: DocumentSpec<OutboxDoc> = { name: 'xapi-outbox', schemaVersion: 1, schema: OutboxDocSchema, backups: 3 };

const BatchFileSchema = z.strictObject({ statements: z.array(z.record(z.string(), z.unknown())).min(1) });
type BatchFile = z.infer<typeof BatchFileSchema>;
const BATCH_SPEC: DocumentSpec<BatchFile> = { name: 'xapi-batch', schemaVersion: 1, schema: BatchFileSchema, backups: 0 };

export interface OutboxOptions {
  readonly dataDir: string;
  readonly now?: () => Date;
  readonly backoff?: BackoffPolicy;
  /** Statements per POST (xAPI LRSs take hundreds; small batches keep a refusal local). */
  readonly batchSize?: number;
  readonly notify?: (notice: StoreNotice) => void;
}

export interface BatchError {
  readonly code: XapiReason;
  readonly status?: number | undefined;
  /** The LRS's own words (or the local validator's), verbatim. */
  readonly reason: string;
  readonly at: string;
  /** What the code means, for the screens. */
  readonly message: BilingualText;
}

export interface BatchSummary {
  readonly id: string;
  readonly attemptId: string;
  readonly profileId: string;
  readonly status: BatchStatus;
  readonly statements: number;
  readonly createdAt: string;
  readonly tries: number;
  readonly sentAt?: string;
  readonly lastError?: BatchError;
}

export interface OutboxStatus {
  readonly counts: Record<BatchStatus, { readonly batches: number; readonly statements: number }>;
  /** When queued batches will next be tried automatically (null: nothing queued). */
  readonly nextTryAt: string | null;
  readonly consecutiveFailures: number;
  /** Newest first, at most `limit`. */
  readonly batches: readonly BatchSummary[];
}

export interface QueueResult {
  /** New batches (queued, or failed at once for invalid statements). */
  readonly batchIds: readonly string[];
  readonly queued: number;
  /** Statements already in the outbox (queued, sent or failed): not added twice. */
  readonly alreadyKnown: number;
  readonly invalid: number;
}

export interface PushReport {
  /** False when the back-off pause was still on (and `force` not given): nothing was tried. */
  readonly due: boolean;
  readonly attempted: number;
  readonly sent: number;
  readonly failed: number;
  /** 1 when a transient failure stopped the run (that batch and the rest wait for the back-off). */
  readonly retried: number;
  /** Batches still queued after the run. */
  readonly remaining: number;
  readonly nextTryAt: string | null;
}

const ignoreMissing = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

export type Sender = (statements: readonly Record<string, unknown>[]) => Promise<SendOutcome>;

export class Outbox {
  private queueTail: Promise<unknown> = Promise.resolve();
  private pushing: Promise<PushReport> | undefined;
  private readonly known = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly doc: JsonDocument<OutboxDoc>,
    private data: OutboxDoc,
    private readonly now: () => Date,
    private readonly backoff: BackoffPolicy,
    private readonly batchSize: number,
    private readonly notify: (notice: StoreNotice) => void,
  ) {
    for (const b of data.batches) for (const id of b.statementIds) this.known.add(id);
  }

  static async open(options: OutboxOptions): Promise<Outbox> {
    const dir = join(options.dataDir, 'xapi');
    const notify = options.notify ?? (() => undefined);
    const now = options.now ?? (() => new Date());
    const doc = new JsonDocument(join(dir, 'outbox.json'), OUTBOX_SPEC, notify, now);
    const data = (await doc.read()) ?? { batches: [], retry: { failures: 0 } };
    const batchSize = options.batchSize ?? 50;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500) throw new RangeError(`batchSize must be 1–500, got ${batchSize}`);
    return new Outbox(dir, doc, data, now, options.backoff ?? DEFAULT_BACKOFF, batchSize, notify);
  }

  /** One change to the index at a time, in order; `change` returns the next document or undefined for none. */
  private update<T>(change: (data: OutboxDoc) => Promise<{ next?: OutboxDoc; value: T }>): Promise<T> {
    const run = async () => {
      const { next, value } = await change(this.data);
      if (next) {
        await this.doc.write(next);
        this.data = next;
      }
      return value;
    };
    const result = this.queueTail.then(run, run);
    this.queueTail = result.catch(() => undefined);
    return result;
  }

  private batchPath(id: string): string {
    return join(this.dir, 'batches', `${id}.json`);
  }

  private batchDoc(id: string): JsonDocument<BatchFile> {
    return new JsonDocument(this.batchPath(id), BATCH_SPEC, this.notify, this.now);
  }

  /**
   * Adds an attempt's statements. Ids already in the outbox are skipped (statement ids are
   * deterministic, so queuing an attempt again only adds what is new); each statement is checked
   * against xAPI 1.0.3 first, and invalid ones go straight to a failed batch with the reasons.
   */
  queue(statements: readonly XapiStatement[], owner: { readonly attemptId: string; readonly profileId: string }): Promise<QueueResult> {
    return this.update(async (data) => {
      const seen = new Set<string>();
      const fresh = statements.filter((s) => {
        if (this.known.has(s.id) || seen.has(s.id)) return false;
        seen.add(s.id);
        return true;
      });
      const valid: XapiStatement[] = [];
      const invalid: { statement: XapiStatement; reason: string }[] = [];
      for (const s of fresh) {
        const check = validateStatement(s);
        if (check.ok) valid.push(s);
        else invalid.push({ statement: s, reason: describeIssues(check.issues) });
      }
      const at = this.now().toISOString();
      const batches: Batch[] = [];
      const write = async (items: readonly XapiStatement[], failure?: string) => {
        const batch: Batch = {
          id: randomUUID(), attemptId: owner.attemptId, profileId: owner.profileId, status: failure ? 'failed' : 'queued',
          statementIds: items.map((s) => s.id), createdAt: at, tries: 0,
          ...(failure ? { lastError: { code: 'invalid-statement' as const, reason: failure, at } } : {}),
        };
        // The batch's file first: an index entry never points at a file that is not there.
        await this.batchDoc(batch.id).write({ statements: items as unknown as Record<string, unknown>[] });
        batches.push(batch);
      };
      for (let i = 0; i < valid.length; i += this.batchSize) await write(valid.slice(i, i + this.batchSize));
      if (invalid.length > 0) await write(invalid.map((x) => x.statement), invalid.map((x) => `${x.statement.id}: ${x.reason}`).join(' | '));
      for (const b of batches) for (const id of b.statementIds) this.known.add(id);
      const value: QueueResult = { batchIds: batches.map((b) => b.id), queued: valid.length, alreadyKnown: statements.length - fresh.length, invalid: invalid.length };
      return batches.length === 0 ? { value } : { next: { ...data, batches: [...data.batches, ...batches] }, value };
    });
  }

  /** When queued batches may next go automatically; null when nothing is queued. */
  nextTryAt(): Date | null {
    if (!this.data.batches.some((b) => b.status === 'queued')) return null;
    const paused = this.data.retry.pausedUntil;
    return paused ? new Date(Math.max(Date.parse(paused), this.now().getTime())) : this.now();
  }

  /**
   * Sends queued batches in order, one POST each. Without `force`, nothing goes before the back-off
   * ends; `force` (HR's "send now") ignores it. A transient failure stops the run and pauses for the
   * next back-off step; a permanent one marks only that batch failed. One push runs at a time.
   */
  push(send: Sender, options: { readonly force?: boolean } = {}): Promise<PushReport> {
    if (this.pushing) return this.pushing;
    const run = this.runPush(send, options.force ?? false).finally(() => {
      this.pushing = undefined;
    });
    this.pushing = run;
    return run;
  }

  private async runPush(send: Sender, force: boolean): Promise<PushReport> {
    const paused = this.data.retry.pausedUntil;
    const due = force || paused === undefined || Date.parse(paused) <= this.now().getTime();
    const ids = due ? this.data.batches.filter((b) => b.status === 'queued').map((b) => b.id) : [];
    let sent = 0;
    let failed = 0;
    let retried = 0;
    let attempted = 0;
    for (const id of ids) {
      const batch = this.data.batches.find((b) => b.id === id);
      if (!batch || batch.status !== 'queued') continue; // erased or changed meanwhile
      attempted++;
      const outcome = await this.sendBatch(id, send);
      await this.record(id, outcome);
      if (outcome.kind === 'sent') sent++;
      else if (outcome.kind === 'failed') failed++;
      else {
        retried++;
        break;
      }
    }
    const remaining = this.data.batches.filter((b) => b.status === 'queued').length;
    return { due, attempted, sent, failed, retried, remaining, nextTryAt: this.nextTryAt()?.toISOString() ?? null };
  }

  /** Reads a batch and sends it, checked once more right before (a file is not trusted blindly). */
  private async sendBatch(id: string, send: Sender): Promise<SendOutcome> {
    const file = await this.batchDoc(id).read();
    if (!file) return { kind: 'failed', code: 'invalid-statement', reason: `the batch file ${basename(this.batchPath(id))} is missing or unreadable` };
    const check = validateStatements(file.statements);
    if (!check.ok) return { kind: 'failed', code: 'invalid-statement', reason: describeIssues(check.issues) };
    return send(file.statements);
  }

  private record(id: string, outcome: SendOutcome): Promise<void> {
    return this.update(async (data) => {
      const at = this.now().toISOString();
      const index = data.batches.findIndex((b) => b.id === id);
      if (index < 0) return { value: undefined };
      const batch = data.batches[index]!;
      let next: Batch;
      let retry = data.retry;
      if (outcome.kind === 'sent') {
        const { lastError: _dropped, ...rest } = batch;
        next = { ...rest, status: 'sent', tries: batch.tries + 1, sentAt: at };
        retry = { failures: 0 };
      } else {
        const lastError = { code: outcome.code, ...(outcome.status !== undefined ? { status: outcome.status } : {}), reason: outcome.reason, at };
        next = { ...batch, status: outcome.kind === 'failed' ? 'failed' : 'queued', tries: batch.tries + 1, lastError };
        if (outcome.kind === 'retry') {
          const failures = data.retry.failures + 1;
          const wait = Math.max(backoffDelay(failures, this.backoff), Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
          retry = { failures, pausedUntil: new Date(this.now().getTime() + wait).toISOString() };
        }
      }
      const batches = data.batches.slice();
      batches[index] = next;
      return { next: { batches, retry }, value: undefined };
    });
  }

  /** Puts failed batches back in the queue (all, or those whose last error has one of `codes`) and lifts the pause. */
  retryFailed(filter: { readonly codes?: readonly XapiReason[]; readonly batchIds?: readonly string[] } = {}): Promise<number> {
    return this.update(async (data) => {
      let count = 0;
      const batches = data.batches.map((b) => {
        if (b.status !== 'failed' || b.lastError?.code === 'invalid-statement') return b;
        if (filter.codes && !(b.lastError && filter.codes.includes(b.lastError.code))) return b;
        if (filter.batchIds && !filter.batchIds.includes(b.id)) return b;
        count++;
        return { ...b, status: 'queued' as const };
      });
      return count === 0 ? { value: 0 } : { next: { batches, retry: { failures: 0 } }, value: count };
    });
  }

  /** Lifts the back-off pause (new LRS settings deserve a try at once). */
  resetBackoff(): Promise<void> {
    return this.update(async (data) => (data.retry.failures === 0 && data.retry.pausedUntil === undefined ? { value: undefined } : { next: { ...data, retry: { failures: 0 } }, value: undefined }));
  }

  status(options: { readonly limit?: number } = {}): OutboxStatus {
    const counts = Object.fromEntries(BATCH_STATUSES.map((s) => [s, { batches: 0, statements: 0 }])) as Record<BatchStatus, { batches: number; statements: number }>;
    for (const b of this.data.batches) {
      counts[b.status].batches++;
      counts[b.status].statements += b.statementIds.length;
    }
    const limit = options.limit ?? 200;
    const batches = this.data.batches.slice(-limit).reverse().map((b): BatchSummary => ({
      id: b.id, attemptId: b.attemptId, profileId: b.profileId, status: b.status, statements: b.statementIds.length,
      createdAt: b.createdAt, tries: b.tries,
      ...(b.sentAt ? { sentAt: b.sentAt } : {}),
      ...(b.lastError ? { lastError: { ...b.lastError, message: xapiText(b.lastError.code) } } : {}),
    }));
    return { counts, nextTryAt: this.nextTryAt()?.toISOString() ?? null, consecutiveFailures: this.data.retry.failures, batches };
  }

  /** The statement ids of an attempt and the status of the batch each is in. */
  statementStatus(attemptId: string): { readonly id: string; readonly status: BatchStatus; readonly batchId: string }[] {
    return this.data.batches.filter((b) => b.attemptId === attemptId).flatMap((b) => b.statementIds.map((id) => ({ id, status: b.status, batchId: b.id })));
  }

  /**
   * Writes every statement in the outbox (any status), oldest first, as one JSON array: a file an
   * LRS can import (see writeStatementsFile).
   */
  async exportStatements(path: string): Promise<{ readonly statements: number }> {
    const batches = this.data.batches.slice();
    const read = (id: string) => this.batchDoc(id).read();
    async function* all() {
      for (const b of batches) yield* (await read(b.id))?.statements ?? [];
    }
    return writeStatementsFile(path, all());
  }

  /**
   * Forgets everything queued, sent or failed for one trainee (GDPR erasure): the index entries,
   * the batch files, and the same entries in the index's backups and quarantined copies, so no
   * copy in the data dir still names them.
   */
  eraseProfile(profileId: string): Promise<{ readonly batches: number; readonly statements: number; readonly copiesCleaned: number }> {
    return this.update(async (data) => {
      const gone = data.batches.filter((b) => b.profileId === profileId);
      const without = (doc: OutboxDoc): OutboxDoc | undefined =>
        doc.batches.some((b) => b.profileId === profileId) ? { ...doc, batches: doc.batches.filter((b) => b.profileId !== profileId) } : undefined;
      const next = without(data);
      if (next) {
        // The index first: a batch file left behind by a crash is unreferenced, never a dangling entry.
        await this.doc.write(next);
        this.data = next;
      }
      let copiesCleaned = await scrubBackups(this.doc.path, OUTBOX_SPEC, without, [profileId]);
      for (const copy of await quarantinedIn(this.dir)) {
        if ((await readFileIfExists(copy))?.toString('utf8').includes(profileId)) {
          await unlink(copy).catch(ignoreMissing);
          copiesCleaned++;
        }
      }
      for (const b of gone) for (const id of b.statementIds) this.known.delete(id);
      await removeDocuments(join(this.dir, 'batches'), new Set(gone.map((b) => `${b.id}.json`)));
      return { value: { batches: gone.length, statements: gone.reduce((n, b) => n + b.statementIds.length, 0), copiesCleaned } };
    });
  }

  /** Waits for the index writes under way. */
  async close(): Promise<void> {
    await this.pushing?.catch(() => undefined);
    await this.queueTail;
  }
}
