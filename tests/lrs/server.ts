// Test-only: a real learning-record store on 127.0.0.1 (Learning Locker's statement service, npm
// xapi-statements 5, GPL-3.0, installed by this folder's own package.json and never bundled), and
// a thin proxy in front of it for what it does not exercise: Basic auth checking and injected 503s.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LRS_DIR = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE_DIR = join(LRS_DIR, 'node_modules', 'xapi-statements');
const STARTUP_LIMIT_MS = 30_000;

/** Fails loudly (never skips) when the test LRS is not installed. */
export function assertLrsInstalled(): void {
  if (!existsSync(join(PACKAGE_DIR, 'dist', 'index.js'))) {
    throw new Error('The test LRS is not installed (tests/lrs/node_modules is missing): run `npm ci --prefix tests/lrs` first (.ci/run does).');
  }
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const closed = (server: Server) => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
});

/** A port free on 127.0.0.1 right now (the LRS takes its port from the environment, not 0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listening(probe);
  await closed(probe);
  return port;
}

export interface TestLrs {
  /** The xAPI base, e.g. http://127.0.0.1:40123/xAPI */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

async function startOnce(): Promise<TestLrs> {
  const port = await freePort();
  const cwd = await mkdtemp(join(tmpdir(), 'comptoir-lrs-'));
  const child = fork(join(LRS_DIR, 'child.mjs'), [], {
    cwd,
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH ?? '',
      AUTH_REPO: 'test',
      EVENTS_REPO: 'test',
      MODELS_REPO: 'memory',
      STORAGE_REPO: 'memory',
      EXPRESS_PORT: String(port),
      EXPRESS_MORGAN_DIRECTORY: join(cwd, 'access-logs'),
      FS_LOCAL_STORAGE_DIR: join(cwd, 'storage'),
      WINSTON_CONSOLE_LEVEL: 'error',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(cwd, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`the test LRS did not start within ${STARTUP_LIMIT_MS} ms:\n${output}`)), STARTUP_LIMIT_MS);
      child.once('message', (message) => {
        clearTimeout(limit);
        if (message === 'ready') resolve();
        else reject(new Error(`unexpected message from the test LRS: ${JSON.stringify(message)}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(limit);
        reject(new Error(`the test LRS exited before it was ready (code ${code}, signal ${signal}):\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${port}/xAPI`, port, stop };
}

/**
 * Starts the statement service in memory, as the issue prescribes:
 * AUTH_REPO=test EVENTS_REPO=test MODELS_REPO=memory STORAGE_REPO=memory EXPRESS_PORT=<free port>.
 * Three tries at most, in case another process takes the free port first.
 */
export async function startTestLrs(): Promise<TestLrs> {
  assertLrsInstalled();
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

export interface AuthProxy {
  /** The xAPI base through the proxy, e.g. http://127.0.0.1:40124/xAPI */
  readonly endpoint: string;
  /** Every request seen, with the status answered. */
  readonly requests: readonly ProxiedRequest[];
  /** The next `times` authenticated requests get 503 Service Unavailable. */
  failNext(times: number): void;
  stop(): Promise<void>;
}

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * A proxy on 127.0.0.1 in front of `lrs`: answers 401 unless the request carries Basic `key:secret`
 * (the in-memory LRS's test auth accepts anything), 503 while told to, and otherwise passes the
 * request and the answer through unchanged.
 */
export async function startAuthProxy(lrs: TestLrs, credentials: { readonly key: string; readonly secret: string }): Promise<AuthProxy> {
  const expected = `Basic ${Buffer.from(`${credentials.key}:${credentials.secret}`).toString('base64')}`;
  const requests: ProxiedRequest[] = [];
  let outages = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const record = (status: number) => requests.push({ method: req.method ?? '', url: req.url ?? '', status });
    if (req.headers.authorization !== expected) {
      record(401);
      req.resume();
      sendJson(res, 401, { message: 'Unauthorised: unknown key or wrong secret (test proxy)' }, { 'WWW-Authenticate': 'Basic realm="LRS"' });
      return;
    }
    if (outages > 0) {
      outages--;
      record(503);
      req.resume();
      sendJson(res, 503, { message: 'Service unavailable (injected by the test proxy)' });
      return;
    }
    const upstream = request({
      host: '127.0.0.1',
      port: lrs.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: `127.0.0.1:${lrs.port}` },
    }, (answer) => {
      record(answer.statusCode ?? 502);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      record(502);
      sendJson(res, 502, { message: `test proxy: the LRS cannot be reached (${error.message})` });
    });
    req.pipe(upstream);
  });
  const port = await listening(server);
  return {
    endpoint: `http://127.0.0.1:${port}/xAPI`,
    requests,
    failNext(times) {
      outages = times;
    },
    stop: () => closed(server),
  };
}
