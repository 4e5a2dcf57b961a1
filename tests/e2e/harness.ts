// The end-to-end harness: the real app in browser mode (real handlers, real store on a fresh
// data folder) driven in Debian's Chromium; kill() is a SIGKILL, restart() starts it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';

const root = new URL('../../', import.meta.url).pathname;

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Debian's Chromium where it is installed; Playwright's own browser on a developer's laptop. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
}

export interface RunningApp {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  /** SIGKILL of the server: no flush, no goodbye (a crash or a power cut). */
  kill(): Promise<void>;
  /** Starts the server again on the same data folder and reloads the page on its new URL. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface Server { child: ChildProcess; url: string; origin: string; token: string }

function startServer(dataDir: string, nodeArgs: readonly string[]): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, 'main/start.ts'), '--browser', '--no-open', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, CI: process.env['CI'] ?? 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the app did not start in time:\n${out}\n${err}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:(\d+))\/#token=([0-9a-f]{64})/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `${match[1]}/#token=${match[3]}`, origin: match[1]!, token: match[3]! });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${out}\n${err}`));
    });
  });
}

/** One call to main through browser mode's API, as the renderer makes it. */
async function invoke(server: Server, channel: string, request: unknown): Promise<unknown> {
  const response = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-comptoir-token': server.token, origin: server.origin },
    body: JSON.stringify(request),
  });
  const envelope = (await response.json()) as { ok: boolean };
  if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope)}`);
  return envelope;
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
}

export interface LaunchOptions {
  dataDir?: string;
  locale?: 'fr' | 'en';
  browser?: Browser;
  viewport?: { width: number; height: number };
  /** Node options for the server process at every start, before its own (e.g. `['--import', hook]`). */
  nodeArgs?: readonly string[];
}

export async function launchApp(options: LaunchOptions = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'comptoir-e2e-'));
  const ownBrowser = options.browser === undefined;
  const browser = options.browser ?? (await launchBrowser());
  // axe-core needs a page from its own context.
  const context = await browser.newContext({ locale: options.locale === 'en' ? 'en-GB' : 'fr-FR', viewport: options.viewport ?? { width: 1366, height: 768 } });
  const page = await context.newPage();
  const nodeArgs = options.nodeArgs ?? [];
  let server = await startServer(dataDir, nodeArgs);
  // The interface language is a stored setting (French by default), set the way the app's own switch does.
  if (options.locale) await invoke(server, 'settings:update', { locale: options.locale });
  await page.goto(server.url);
  const app: RunningApp = {
    page,
    context,
    dataDir,
    get url() { return server.url; },
    get origin() { return server.origin; },
    get token() { return server.token; },
    kill: () => stop(server, 'SIGKILL'),
    async restart() {
      await stop(server, 'SIGKILL');
      server = await startServer(dataDir, nodeArgs);
      await page.goto(server.url);
    },
    async close() {
      await stop(server, 'SIGTERM');
      await context.close();
      if (ownBrowser) await browser.close();
    },
  };
  return app;
}
