// Browser mode: the same renderer and the same handlers, served from this Node process on
// 127.0.0.1 at a random free port. Every API call needs the per-run token; Host and Origin are
// checked (DNS rebinding); every response carries the Content-Security-Policy.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { UploadTooLargeError, type BrowserFiles } from './files';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { registerHandlers, type Handlers } from './handlers';
import type { Envelope } from './contract';
import { CSP } from './security';
import { MAX_SCENARIO_BYTES } from '../scenarios/format/parse';

export const TOKEN_HEADER = 'x-comptoir-token';
const MAX_BODY = 1024 * 1024;
/** studio:save carries a whole draft (a 2,000-step scenario is ~3.4 MB): up to a scenario file's limit, plus the request around it. */
const MAX_DRAFT_BODY = MAX_SCENARIO_BYTES + 64 * 1024;
const bodyLimitOf = (channel: string) => (channel === 'studio:save' ? MAX_DRAFT_BODY : MAX_BODY);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

export interface BrowserServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly handlers: Handlers;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  readonly port?: number;
  readonly token?: string;
  readonly log?: (error: unknown) => void;
  /** Download slots and uploads (main/files.ts); without it the /transfer routes do not exist. */
  readonly files?: BrowserFiles;
  /** Whether a role session may upload (HR's bundles): checked in main, like every HR channel. */
  readonly mayUpload?: (session: string) => boolean;
}

export const SESSION_HEADER = 'x-comptoir-session';
/** The largest bundle browser mode accepts (a year of a large site is a few hundred MB). */
export const MAX_UPLOAD = 1024 * 1024 * 1024;

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

const refusal = (code: string, message: string) => JSON.stringify({ ok: false, error: { code, message, retryable: false } });

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** POST /transfer/download/<id>: a prepared file, once. POST /transfer/upload: a file into the data folder. */
async function transfer(files: BrowserFiles, route: string, req: IncomingMessage, res: ServerResponse, options: ServerOptions): Promise<void> {
  if (route === 'upload') {
    const session = req.headers[SESSION_HEADER];
    if (typeof session !== 'string' || !options.mayUpload?.(session)) return send(res, 403, refusal('auth-required', 'an HR session is required'));
    try {
      return send(res, 200, JSON.stringify({ ok: true, value: { uploadId: await files.receive(req, MAX_UPLOAD) } }));
    } catch (error) {
      if (error instanceof UploadTooLargeError) return send(res, 413, refusal('invalid-request', error.message));
      throw error;
    }
  }
  const slot = /^download\/([0-9a-f-]{36})$/.exec(route)?.[1];
  const file = slot ? files.take(slot) : undefined;
  if (!file) return send(res, 404, refusal('not-found', 'no such download (each is served once)'));
  securityHeaders(res);
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'Cache-Control': 'no-store',
  });
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path main prepared itself (files.prepare), never one from the request
    await pipeline(createReadStream(file.path), res);
  } finally {
    await file.release();
  }
}

function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

const UNKNOWN_CHANNEL: Envelope<never> = { ok: false, error: { code: 'unknown-channel', message: 'no such channel', retryable: false } };

export async function startServer(options: ServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const rendererRoot = resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  // The same binding as Electron's ipcMain: only declared channels exist.
  const routes = new Map<string, (payload: unknown) => Promise<Envelope<unknown>>>();
  registerHandlers((channel, handle) => routes.set(channel, handle), options.handlers, options.log);

  const server = createServer((req, res) => {
    void (async () => {
      // DNS rebinding: only our own host names, and no foreign page may call us.
      if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, refusal('forbidden', 'unexpected Host'));
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return send(res, 403, refusal('forbidden', 'unexpected Origin'));
      // A target that is not a URL, or a path with a broken percent-escape, is the client's error.
      const url = URL.parse(req.url ?? '/', `http://127.0.0.1:${port}`);
      const path = url ? decodedPath(url.pathname) : undefined;
      if (!url || path === undefined) return send(res, 400, refusal('invalid-request', 'malformed request target'));

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, refusal('invalid-request', 'POST only'));
        if (!sameToken(req.headers[TOKEN_HEADER], token)) return send(res, 403, refusal('forbidden', 'missing or wrong token'));
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, refusal('invalid-request', 'JSON only'));
        // The channel is in the path, known before the body is read: only studio:save may send more.
        const channel = path.slice(5);
        const body = await readBody(req, bodyLimitOf(channel));
        if (body === undefined) return send(res, 413, refusal('invalid-request', 'request too large'));
        let payload: unknown;
        try {
          payload = body === '' ? {} : JSON.parse(body);
        } catch {
          return send(res, 400, refusal('invalid-request', 'request is not JSON'));
        }
        const route = routes.get(channel);
        const envelope = route ? await route(payload) : UNKNOWN_CHANNEL;
        return send(res, 200, JSON.stringify(envelope));
      }

      if (url.pathname.startsWith('/transfer/') && options.files) {
        if (req.method !== 'POST') return send(res, 405, refusal('invalid-request', 'POST only'));
        if (!sameToken(req.headers[TOKEN_HEADER], token)) return send(res, 403, refusal('forbidden', 'missing or wrong token'));
        return transfer(options.files, url.pathname.slice('/transfer/'.length), req, res, options);
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, refusal('invalid-request', 'GET only'));
      const relative = url.pathname === '/' ? 'index.html' : path.replace(/^\/+/, '');
      const file = normalize(join(rendererRoot, relative));
      if (!file.startsWith(rendererRoot + sep)) return send(res, 404, 'not found', 'text/plain; charset=utf-8');
      try {
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- confined to rendererRoot by the check just above
        const data = await readFile(file);
        securityHeaders(res);
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': relative === 'index.html' ? 'no-store' : 'max-age=3600' });
        res.end(req.method === 'HEAD' ? undefined : data);
      } catch {
        send(res, 404, 'not found', 'text/plain; charset=utf-8');
      }
    })().catch((error: unknown) => {
      options.log?.(error);
      if (!res.headersSent) send(res, 500, refusal('internal', 'unexpected error'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
