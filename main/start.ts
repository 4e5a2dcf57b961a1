// `npm start`: the Electron window where an Electron binary exists; otherwise (or with
// --browser) the same renderer and handlers in browser mode on 127.0.0.1.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { appRoot, distMainDir, rendererDir } from './paths';
import { openApp, defaultDataDir } from './app';
import { startServer } from './server';
import { DataDirLockedError } from './store/lock';
import { NewerDataError } from './store/document';

const root = appRoot;

class UsageError extends Error {}

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined; // the package's index throws when the binary was never downloaded
  }
}

function ensureBuilt(target: 'renderer' | 'electron'): void {
  const marker = target === 'renderer' ? join(rendererDir, 'index.html') : join(distMainDir, 'electron-main.js');
  if (existsSync(marker)) return;
  process.stdout.write(`Building the ${target}…\n`);
  const result = spawnSync('npm', ['run', '-s', target === 'renderer' ? 'build:renderer' : 'build:main'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build:${target} failed`);
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      'idle-minutes': { type: 'string' },
    },
  });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const idleMinutes = values['idle-minutes'] === undefined ? undefined : Number(values['idle-minutes']);
  if (idleMinutes !== undefined && !(Number.isInteger(idleMinutes) && idleMinutes >= 1 && idleMinutes <= 240)) {
    throw new UsageError(`--idle-minutes takes a whole number of minutes from 1 to 240 (got "${values['idle-minutes'] ?? ''}")`);
  }
  const electron = values.browser ? undefined : electronBinary();
  if (electron) {
    ensureBuilt('renderer');
    ensureBuilt('electron');
    const child = spawn(electron, [join(distMainDir, 'electron-main.js'), `--data-dir=${dataDir}`, ...(idleMinutes ? [`--idle-minutes=${idleMinutes}`] : [])], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  }
  if (!values.browser) process.stdout.write('No Electron binary here: starting Comptoir in browser mode.\n');
  ensureBuilt('renderer');
  const app = await openApp({ dataDir, mode: 'browser' });
  // A workstation setting, kept in the data folder: the next start without the flag keeps it.
  if (idleMinutes !== undefined) await app.handlers['settings:update']({ idleMinutes });
  const server = await startServer({ handlers: app.handlers, rendererDir, port: Number(values.port), log: (e) => console.error(e), ...(app.browserFiles ? { files: app.browserFiles } : {}), mayUpload: app.isHrSession });
  // Listening for Ctrl+C before the URL is printed: whoever reads it may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write(`Comptoir is running at ${server.url}\n(data: ${dataDir}; Ctrl+C to stop)\n`);
  const display = process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'] || process.platform !== 'linux';
  if (!values['no-open'] && !process.env['CI'] && display) openInBrowser(server.url);
  await stopped;
  await server.close();
  await app.close(); // flushes queued writes and releases the data folder
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DataDirLockedError || error instanceof NewerDataError || error instanceof UsageError) {
      process.stderr.write(`Comptoir: ${error.message}\n`);
      process.exit(3);
    }
    console.error(error);
    process.exit(1);
  },
);
