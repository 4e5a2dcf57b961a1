// What Electron and browser mode share: the data folder, the store, the library, the handlers.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Store } from './store/store';
import { createHandlers, type HandlerContext, type Handlers } from './handlers';
import { CHANNELS, type Channel } from './contract';
import { loadLibrary } from './library';
import { AuthFileError, createAuth, type Auth } from './auth';
import { browserFiles, electronFiles, type BrowserFiles, type DialogLike } from './files';
import { XapiService } from './xapi/service';
import { secretBoxFor, type SafeStorageLike } from './xapi/secretBox';
import { appRoot, libraryDir } from './paths';

export interface App {
  readonly store: Store;
  /** Browser mode's download slots and uploads (undefined in Electron, where the dialogs serve). */
  readonly browserFiles?: BrowserFiles;
  /** Whether a session is a live HR one (browser mode's upload route asks). */
  isHrSession(session: string): boolean;
  readonly handlers: Handlers;
  close(): Promise<void>;
}

/** Electron's userData for "Comptoir", computed the same way without Electron. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['COMPTOIR_DATA_DIR']) return env['COMPTOIR_DATA_DIR'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Comptoir');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Comptoir');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Comptoir');
}

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export interface OpenOptions {
  readonly dataDir: string;
  readonly mode: 'electron' | 'browser';
  readonly libraryDir?: string;
  readonly printToPdf?: HandlerContext['printToPdf'];
  readonly dialog?: DialogLike;
  /** Electron's safeStorage: the LRS secret is encrypted by the OS (browser mode: a 0600 file). */
  readonly safeStorage?: SafeStorageLike;
  readonly log?: (error: unknown) => void;
}

/** What the first screen asks (the profile picker): it reads no attempt, so it need not wait for the purge. */
export const FIRST_SCREEN: ReadonlySet<Channel> = new Set<Channel>(['app:status', 'profiles:list', 'scenarios:list']);

/** The handlers, each call but the first screen's made once the start-up purge has ended. */
export function afterPurge(purged: Promise<void>, handlers: Handlers): Handlers {
  const gated: Record<string, (request: never) => Promise<unknown>> = { ...handlers };
  for (const channel of CHANNELS) {
    if (FIRST_SCREEN.has(channel)) continue;
    const handle = handlers[channel] as (request: never) => Promise<unknown>;
    gated[channel] = async (request) => {
      await purged;
      return handle(request);
    };
  }
  return gated as Handlers;
}

export async function openApp(options: OpenOptions): Promise<App> {
  const log = options.log ?? ((error: unknown) => console.error(error));
  const library = await loadLibrary(options.libraryDir ?? libraryDir);
  const store = await Store.open({ dataDir: options.dataDir });
  // A damaged auth.json closes trainer and HR access (never read as "no PIN yet"); trainees carry on.
  let auth: Auth | undefined;
  let authProblem: string | undefined;
  try {
    auth = await createAuth({ dataDir: options.dataDir });
  } catch (error) {
    if (!(error instanceof AuthFileError)) throw error;
    authProblem = error.code;
  }
  const browser = options.mode === 'browser' ? await browserFiles(options.dataDir) : undefined;
  const files = browser ?? (options.dialog ? electronFiles(options.dialog) : undefined);
  // Retention (HR's setting): attempts ended longer ago than it are purged at each start. With
  // 100,000 attempts that reads a month's index or more, so it runs while the first screen loads;
  // every call but that screen's waits for it (see afterPurge).
  const purged = store.purgeExpired().then(() => undefined, (error: unknown) => log(error));
  // The xAPI outbox is HR's: if its files cannot be opened, trainees still train and HR is told.
  let xapi: XapiService | undefined;
  try {
    xapi = await XapiService.open({ dataDir: options.dataDir, secretBox: secretBoxFor(options.dataDir, options.safeStorage) });
    xapi.startAutoPush();
  } catch (error) {
    log(error);
  }
  const handlers = afterPurge(purged, createHandlers({ store, library, auth, files, xapi, log, ...(authProblem ? { authProblem } : {}), mode: options.mode, version: appVersion(), ...(options.printToPdf ? { printToPdf: options.printToPdf } : {}) }));
  return {
    store,
    handlers,
    ...(browser ? { browserFiles: browser } : {}),
    isHrSession: (session) => auth?.check(session, 'hr') ?? false,
    async close() {
      await xapi?.close();
      await store.close();
    },
  };
}
