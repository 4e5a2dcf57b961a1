// The HTTP face of a learning-record store: POST a batch to <endpoint>/statements (xAPI 1.0.3, Basic
// auth) and sort the answer into sent, failed for good (with the LRS's reason) or to be retried.
import type { XapiReason } from './messages';

export interface LrsConnection {
  /** The LRS's xAPI base, without a trailing slash (e.g. https://lrs.example.com/xAPI). */
  readonly endpoint: string;
  readonly key: string;
  readonly secret: string;
}

export type SendOutcome =
  /** Stored: `alreadyStored` of them were there already with the same content (a harmless re-send). */
  | { readonly kind: 'sent'; readonly status: number; readonly alreadyStored: number }
  /** Refused for a reason a retry cannot fix; `reason` is the LRS's own words where it gave some. */
  | { readonly kind: 'failed'; readonly code: XapiReason; readonly status?: number; readonly reason: string }
  /** Not stored this time (network, overload, server error): try again after a wait. */
  | { readonly kind: 'retry'; readonly code: XapiReason; readonly status?: number; readonly reason: string; readonly retryAfterMs?: number };

export interface LrsClientOptions {
  readonly fetch?: typeof fetch;
  /** Per request; a request that takes longer counts as a network failure (retried). */
  readonly timeoutMs?: number;
  /** For Retry-After given as a date. */
  readonly now?: () => number;
}

export const XAPI_VERSION = '1.0.3';
const MAX_REASON = 1000;

/** The LRS's explanation from its answer body (Learning Locker: message or warnings), else the body's text. */
export function reasonOf(status: number, statusText: string, body: string): string {
  try {
    const json = JSON.parse(body) as { message?: unknown; warnings?: unknown; error?: unknown; errors?: unknown };
    const parts: string[] = [];
    if (typeof json.message === 'string') parts.push(json.message);
    for (const list of [json.warnings, json.errors]) if (Array.isArray(list)) parts.push(...list.map((w) => (typeof w === 'string' ? w : JSON.stringify(w))));
    if (typeof json.error === 'string') parts.push(json.error);
    if (parts.length > 0) return parts.join('; ').slice(0, MAX_REASON);
  } catch {
    // not JSON: the text itself is the reason
  }
  const text = body.trim();
  return (text ? `${status} ${statusText}: ${text}` : `${status} ${statusText}`).slice(0, MAX_REASON);
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Sorted keys, so two statements compare equal whatever order their properties came in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * Whether the statement an LRS holds is the one we sent: the properties the LRS sets itself
 * (stored, authority, version) are left out and timestamps compared as instants (xAPI 1.0.3,
 * statement comparison: an LRS may change a timestamp's form, not its value).
 */
export function sameStatement(ours: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  const strip = (s: Record<string, unknown>) => {
    const { stored: _stored, authority: _authority, version: _version, timestamp, ...rest } = s;
    return { ...rest, ...(typeof timestamp === 'string' ? { timestamp: Date.parse(timestamp) } : {}) };
  };
  return JSON.stringify(canonical(strip(ours))) === JSON.stringify(canonical(strip(stored)));
}

export class LrsClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly authorization: string;

  constructor(readonly connection: LrsConnection, options: LrsClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.authorization = `Basic ${Buffer.from(`${connection.key}:${connection.secret}`, 'utf8').toString('base64')}`;
  }

  private get statementsUrl(): string {
    return `${this.connection.endpoint}/statements`;
  }

  private request(url: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<Response> {
    return this.fetch(url, {
      method: init.method,
      headers: {
        'X-Experience-API-Version': XAPI_VERSION,
        Authorization: this.authorization,
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        Accept: 'application/json',
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
      // Credentials go to the configured address only, never on to wherever a redirect points.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }

  private transportFailure(error: unknown): SendOutcome {
    const name = (error as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return { kind: 'retry', code: timedOut ? 'timeout' : 'network', reason: timedOut ? `no answer within ${this.timeoutMs} ms` : String(detail) };
  }

  /** Sends one batch (already validated) and sorts the answer. Never throws for HTTP or network trouble. */
  async send(statements: readonly Record<string, unknown>[]): Promise<SendOutcome> {
    return this.post(statements, true);
  }

  private async post(statements: readonly Record<string, unknown>[], checkConflicts: boolean): Promise<SendOutcome> {
    let response: Response;
    let body: string;
    try {
      response = await this.request(this.statementsUrl, { method: 'POST', body: JSON.stringify(statements) });
      body = await response.text();
    } catch (error) {
      return this.transportFailure(error);
    }
    const { status } = response;
    const reason = () => reasonOf(status, response.statusText, body);
    if (status === 200 || status === 204) return { kind: 'sent', status, alreadyStored: 0 };
    if (status === 409 && checkConflicts) return this.resolveConflict(statements, reason());
    if (status === 429) return { kind: 'retry', code: 'rate-limited', status, reason: reason(), ...this.retryAfter(response) };
    if (status >= 500 || status === 408) return { kind: 'retry', code: 'server-error', status, reason: reason(), ...this.retryAfter(response) };
    if (status >= 300 && status < 400) return { kind: 'failed', code: 'redirect', status, reason: `${status} → ${response.headers.get('location') ?? '(no location)'}` };
    const code: XapiReason = status === 400 ? 'rejected' : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 409 ? 'conflict' : 'http-error';
    return { kind: 'failed', code, status, reason: reason() };
  }

  private retryAfter(response: Response): { retryAfterMs?: number } {
    const ms = retryAfterMs(response.headers.get('retry-after'), this.now());
    return ms === undefined ? {} : { retryAfterMs: ms };
  }

  /**
   * A 409 means some id is already stored. xAPI lets an LRS answer so even when the stored
   * statement is the same one (Learning Locker then answers 200; others 409): read each back, count
   * the identical ones as sent, send once more only those it lacks, and fail on a real difference.
   */
  private async resolveConflict(statements: readonly Record<string, unknown>[], lrsReason: string): Promise<SendOutcome> {
    const missing: Record<string, unknown>[] = [];
    const different: string[] = [];
    for (const statement of statements) {
      const id = String(statement.id);
      const found = await this.getStatement(id);
      if (found.kind === 'error') return found.outcome;
      if (found.kind === 'absent') missing.push(statement);
      else if (!sameStatement(statement, found.statement)) different.push(id);
    }
    if (different.length > 0) return { kind: 'failed', code: 'conflict', status: 409, reason: `${lrsReason} (stored with different content: ${different.join(', ')})` };
    const alreadyStored = statements.length - missing.length;
    if (missing.length === 0) return { kind: 'sent', status: 409, alreadyStored };
    const rest = await this.post(missing, false);
    return rest.kind === 'sent' ? { ...rest, alreadyStored } : rest;
  }

  /** One statement by id, as the LRS holds it. */
  async getStatement(id: string): Promise<{ kind: 'found'; statement: Record<string, unknown> } | { kind: 'absent' } | { kind: 'error'; outcome: SendOutcome }> {
    let response: Response;
    let body: string;
    try {
      response = await this.request(`${this.statementsUrl}?statementId=${encodeURIComponent(id)}`, { method: 'GET' });
      body = await response.text();
    } catch (error) {
      return { kind: 'error', outcome: this.transportFailure(error) };
    }
    if (response.status === 404) return { kind: 'absent' };
    if (response.status === 200) {
      try {
        return { kind: 'found', statement: JSON.parse(body) as Record<string, unknown> };
      } catch {
        return { kind: 'error', outcome: { kind: 'retry', code: 'server-error', status: 200, reason: 'the LRS answered a statement query with something that is not JSON' } };
      }
    }
    const reason = reasonOf(response.status, response.statusText, body);
    if (response.status === 429 || response.status >= 500) return { kind: 'error', outcome: { kind: 'retry', code: response.status === 429 ? 'rate-limited' : 'server-error', status: response.status, reason } };
    return { kind: 'error', outcome: { kind: 'failed', code: response.status === 401 ? 'unauthorized' : response.status === 403 ? 'forbidden' : 'http-error', status: response.status, reason } };
  }
}
