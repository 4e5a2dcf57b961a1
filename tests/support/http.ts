// Raw HTTP for the browser-mode tests: every header under the test's control (Host and Origin
// included, which fetch will not forge), and a snapshot of a data folder to prove nothing was written.
import { request, type IncomingHttpHeaders } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface RawRequest {
  readonly method: string;
  /** The request target as sent on the wire (already percent-encoded where it must be). */
  readonly path: string;
  /** Sent as given; `host` is sent only when listed here. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Uint8Array;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request on a fresh connection to 127.0.0.1:`port`; rejects on a socket error or after `timeoutMs`. */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = typeof value === 'string' ? value : [...value];
    // Node sends a GET's body without a length otherwise, which no server can frame.
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const outgoing = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer to ${req.method} ${req.path} within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Every file and folder under `dir` with its size and modification time: equal snapshots, nothing written. */
export function snapshotTree(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      const stat = statSync(path);
      entries.set(relative(dir, path), entry.isDirectory() ? `dir ${stat.mtimeMs}` : `${stat.size} bytes ${stat.mtimeMs}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return entries;
}

/** The entries added, removed or changed from `before` to `after`. */
export function changedEntries(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changed = new Set<string>();
  for (const [path, state] of after) if (before.get(path) !== state) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}
