// What main's handlers call for xAPI: LRS settings (secret kept in main), queueing an attempt's
// statements, pushing now or on the back-off's schedule, status, export and erasure of a trainee.
import type { StoreNotice } from '../store/document';
import { LrsClient } from './client';
import { LrsConfigStore, type LrsConfigView, type LrsSettingsInput } from './config';
import { writeStatementsFile } from './exportFile';
import { XapiError, xapiText, type BilingualText, type XapiReason } from './messages';
import { DEFAULT_BACKOFF, Outbox, type BackoffPolicy, type OutboxStatus, type PushReport, type QueueResult } from './outbox';
import type { SecretBox } from './secretBox';
import { attemptStatements, type AttemptStatementsInput, type XapiStatement } from './statements';

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface XapiServiceOptions {
  readonly dataDir: string;
  /** secretBoxFor(dataDir, safeStorage) in Electron, fileSecretBox(dataDir) in browser mode. */
  readonly secretBox: SecretBox;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
  readonly requestTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly batchSize?: number;
  readonly timers?: Timers;
  readonly notify?: (notice: StoreNotice) => void;
}

export type PushResult =
  | { readonly ran: true; readonly report: PushReport }
  | { readonly ran: false; readonly reason: Extract<XapiReason, 'not-configured' | 'secret-missing'>; readonly message: BilingualText };

export interface XapiStatus {
  readonly config: LrsConfigView;
  readonly outbox: OutboxStatus;
  readonly autoPush: boolean;
}

/** Failures that new LRS settings may cure: those batches are queued again when HR saves settings. */
const CURED_BY_SETTINGS: readonly XapiReason[] = ['unauthorized', 'forbidden', 'not-found', 'redirect'];

export class XapiService {
  private auto = false;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly config: LrsConfigStore,
    private readonly outbox: Outbox,
    private readonly options: XapiServiceOptions,
    private readonly timers: Timers,
    private readonly now: () => Date,
  ) {}

  static async open(options: XapiServiceOptions): Promise<XapiService> {
    const now = options.now ?? (() => new Date());
    const config = await LrsConfigStore.open(options.dataDir, options.secretBox, options.notify);
    const outbox = await Outbox.open({
      dataDir: options.dataDir, now,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.notify ? { notify: options.notify } : {}),
    });
    const timers = options.timers ?? { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
    return new XapiService(config, outbox, options, timers, now);
  }

  /** The LRS settings as the screens may show them (never the secret). */
  getConfig(): LrsConfigView {
    return this.config.view();
  }

  /**
   * Saves the LRS settings (the secret to the secret box; omit it to keep the stored one). Batches
   * refused for credentials or address go back to the queue, and the back-off pause is lifted.
   * Throws XapiError (invalid-endpoint, insecure-endpoint, invalid-key, invalid-secret, invalid-base).
   */
  async configure(input: LrsSettingsInput): Promise<LrsConfigView> {
    const view = await this.config.configure(input);
    await this.outbox.retryFailed({ codes: CURED_BY_SETTINGS });
    await this.outbox.resetBackoff();
    this.schedule();
    return view;
  }

  /** Forgets the LRS (endpoint, key, secret). Queued statements stay queued. */
  async removeConfig(): Promise<LrsConfigView> {
    const view = await this.config.remove();
    this.schedule();
    return view;
  }

  /** An attempt's statements with the configured IRIs (pure; throws StatementInputError on a mismatched input). */
  statementsOf(input: AttemptStatementsInput): XapiStatement[] {
    return attemptStatements(input, this.config.statementSettings());
  }

  /** Queues an attempt's statements (only those not already in the outbox); call it again when the attempt ends. */
  async queueAttempt(input: AttemptStatementsInput): Promise<QueueResult> {
    const result = await this.outbox.queue(this.statementsOf(input), { attemptId: input.attempt.id, profileId: input.profile.id });
    this.schedule();
    return result;
  }

  private async sender(): Promise<LrsClient | PushResult> {
    let connection;
    try {
      connection = await this.config.connection();
    } catch (error) {
      if (error instanceof XapiError && error.code === 'secret-missing') return { ran: false, reason: 'secret-missing', message: xapiText('secret-missing') };
      throw error;
    }
    if (!connection) return { ran: false, reason: 'not-configured', message: xapiText('not-configured') };
    return new LrsClient(connection, {
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.requestTimeoutMs ? { timeoutMs: this.options.requestTimeoutMs } : {}),
      now: () => this.now().getTime(),
    });
  }

  private async push(force: boolean): Promise<PushResult> {
    const client = await this.sender();
    if (!(client instanceof LrsClient)) return client;
    const report = await this.outbox.push((statements) => client.send(statements), { force });
    return { ran: true, report };
  }

  /** HR's "send now": every queued batch, whatever the back-off. */
  async pushNow(): Promise<PushResult> {
    try {
      return await this.push(true);
    } finally {
      this.schedule();
    }
  }

  /** What the schedule runs: queued batches, unless the back-off pause is still on. */
  async pushDue(): Promise<PushResult> {
    return this.push(false);
  }

  status(limit?: number): XapiStatus {
    return { config: this.config.view(), outbox: this.outbox.status(limit === undefined ? {} : { limit }), autoPush: this.auto };
  }

  /** The statement ids of one attempt with the status of the batch each is in. */
  attemptStatus(attemptId: string) {
    return this.outbox.statementStatus(attemptId);
  }

  /** Every statement in the outbox, as a JSON array file at `path`. */
  exportStatements(path: string): Promise<{ readonly statements: number }> {
    return this.outbox.exportStatements(path);
  }

  /** Statements of attempts that need not be in the outbox (an export without any LRS), as a JSON array file. */
  exportAttempts(path: string, inputs: Iterable<AttemptStatementsInput> | AsyncIterable<AttemptStatementsInput>): Promise<{ readonly statements: number }> {
    const settings = this.config.statementSettings();
    async function* all() {
      for await (const input of inputs) yield* attemptStatements(input, settings);
    }
    return writeStatementsFile(path, all());
  }

  /** Queues failed batches again (all, or the given ones); invalid statements stay failed. */
  async retryFailed(batchIds?: readonly string[]): Promise<number> {
    const count = await this.outbox.retryFailed(batchIds ? { batchIds } : {});
    this.schedule();
    return count;
  }

  /** GDPR erasure of one trainee's statements from the outbox (what an LRS already holds stays there). */
  eraseProfile(profileId: string): Promise<{ readonly batches: number; readonly statements: number; readonly copiesCleaned: number }> {
    return this.outbox.eraseProfile(profileId);
  }

  /** Pushes by itself from now on: when something is queued, then on the back-off's schedule. */
  startAutoPush(): void {
    this.auto = true;
    this.schedule();
  }

  stopAutoPush(): void {
    this.auto = false;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One timer at most, set for the next try (now, or when the back-off pause ends). */
  private schedule(): void {
    this.clearTimer();
    if (!this.auto || this.closed || !this.config.view().configured) return;
    const at = this.outbox.nextTryAt();
    if (!at) return;
    const delay = Math.max(0, at.getTime() - this.now().getTime());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.running = this.pushDue().then(
        () => this.schedule(),
        // A disk error while recording: try again after the first back-off step rather than spin.
        () => {
          if (this.auto && !this.closed) this.timer = this.timers.setTimeout(() => this.schedule(), (this.options.backoff ?? DEFAULT_BACKOFF).firstDelayMs);
        },
      ).finally(() => {
        this.running = undefined;
      });
    }, delay);
  }

  /** Resolves once the automatic push under way (if any) is over and the next one is scheduled. */
  async idle(): Promise<void> {
    await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopAutoPush();
    await this.running;
    await this.outbox.close();
  }
}
