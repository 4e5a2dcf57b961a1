// The built app in browser mode for the benches that drive it: `npm start`'s bundled launcher
// (dist/main/start.mjs) on a data folder, its token, and calls to main over its HTTP API.
// The build is made first when it is missing or older than its sources.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `dir` (files only), 0 if there is none. */
function newestUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Unit tests sit beside their module and are not part of a build.
    if (!entry.isFile() || entry.parentPath.includes('node_modules') || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const BUILDS = [
  { script: 'build:main', marker: 'dist/main/start.mjs', sources: ['main', 'scenarios'] },
  { script: 'build:renderer', marker: 'dist/renderer/index.html', sources: ['renderer', 'scenarios'] },
] as const;

/**
 * Builds main and the renderer where the build is missing or older than a source file, so that a
 * bench measures the code as it is. Returns what it built, for the report's notes.
 */
export function ensureFreshBuild(root: string, log: (message: string) => void): string[] {
  const built: string[] = [];
  for (const build of BUILDS) {
    const marker = join(root, build.marker);
    const stale = !existsSync(marker) || build.sources.some((dir) => newestUnder(join(root, dir)) > statSync(marker).mtimeMs);
    if (!stale) continue;
    log(`${build.marker} is missing or older than its sources: npm run ${build.script}…`);
    const result = spawnSync('npm', ['run', '-s', build.script], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run ${build.script} failed`);
    built.push(build.script);
  }
  return built;
}

export interface BuiltApp {
  /** The URL the launcher printed, token included (what a user opens). */
  readonly url: string;
  readonly origin: string;
  /** One call to main as the renderer makes it; throws with main's error when the reply is not ok. */
  call<T = unknown>(channel: string, request: unknown): Promise<T>;
  /** SIGTERM, and waits for the launcher to flush and exit. */
  stop(): Promise<void>;
}

/** Spawns `node dist/main/start.mjs --browser --no-open --data-dir <dataDir>` and resolves once it prints its URL. */
export function startBuiltApp(root: string, dataDir: string): Promise<BuiltApp> {
  const child = spawn(process.execPath, [join(root, 'dist/main/start.mjs'), '--browser', '--no-open', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => { err = (err + chunk.toString()).slice(-4000); });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the launcher printed no URL within 60 s:\n${out}\n${err}`));
    }, 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited with ${code}:\n${out}\n${err}`));
    };
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{64})/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      const origin = match[1]!;
      const token = match[2]!;
      resolve({
        url: `${origin}/#token=${token}`,
        origin,
        async call<T>(channel: string, request: unknown): Promise<T> {
          const response = await fetch(`${origin}/api/${channel}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-comptoir-token': token, origin },
            body: JSON.stringify(request),
          });
          const envelope = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
          if (!envelope.ok) throw new Error(`${channel} failed (HTTP ${response.status}): ${JSON.stringify(envelope.error ?? envelope)}`);
          return envelope.value as T;
        },
        stop,
      });
    });
  });
}
