// The real browser-mode launcher as a child process, for the tests that kill it: main/start.ts
// bundled the way main/build-main.ts bundles dist/main/start.mjs, but into a private folder (the
// shared dist/ is left to `npm run build`), started on a data folder and read back from its banner.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { TOKEN_HEADER } from '../../main/server';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Launcher {
  /** The bundled launcher (node_modules/.cache/…/start.mjs: under the project, so main/paths.ts finds its root). */
  readonly path: string;
  dispose(): void;
}

/** Bundles main/start.ts from the current sources (about a second) with build-main.ts's options. */
export async function bundleLauncher(): Promise<Launcher> {
  // start.ts builds a missing renderer itself; doing it here keeps that out of a timed loop.
  if (!existsSync(join(root, 'dist/renderer/index.html'))) {
    const result = spawnSync('npm', ['run', '-s', 'build:renderer'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('npm run build:renderer failed');
  }
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules/.cache/comptoir-launcher-'));
  const path = join(dir, 'start.mjs');
  await build({
    entryPoints: [join(root, 'main/start.ts')],
    outfile: path,
    bundle: true,
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    mainFields: ['module', 'main'],
    format: 'esm',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
    legalComments: 'none',
  });
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** What the process wrote to stderr so far (for failure messages). */
  stderr(): string;
}

/** Starts `node <launcher> --browser --no-open --data-dir <dataDir>` and waits for its URL. */
export function startLauncher(launcher: Launcher, dataDir: string, timeoutMs = 30_000): Promise<RunningServer> {
  const child = spawn(process.execPath, [launcher.path, '--browser', '--no-open', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the launcher did not start within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited (${code ?? signal}) before it was up:\n${out}\n${err}`));
    };
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:(\d+))\/#token=([0-9a-f]{64})/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, origin: match[1]!, port: Number(match[2]), token: match[3]!, stderr: () => err });
    });
  });
}

/** SIGKILL, as a power cut: resolves once the process is gone (its pid free, its lock stale). */
export async function killHard(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** SIGTERM: the launcher flushes its writes and releases the data folder. */
export async function stopGently(server: RunningServer): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  return exited;
}

export class ApiError extends Error {
  constructor(readonly channel: string, readonly error: { code: string; message: string }) {
    super(`${channel}: ${error.code}: ${error.message}`);
  }
}

/** One API call as the renderer makes it; the value, or an ApiError for a typed refusal. Rejects when the process is gone. */
export async function call<T>(server: RunningServer, channel: string, request: unknown): Promise<T> {
  const response = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, origin: server.origin },
    body: JSON.stringify(request),
  });
  const envelope = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!envelope.ok) throw new ApiError(channel, envelope.error);
  return envelope.value;
}
