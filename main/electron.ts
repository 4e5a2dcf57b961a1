// The Electron main process, written against a small interface of the `electron` module so the
// window and security settings are unit-tested with a fake (Twine's __mocks__/electron.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join, normalize, resolve, sep, extname } from 'node:path';
import { distMainDir, rendererDir } from './paths';
import type { Handlers } from './handlers';
import { registerHandlers } from './handlers';
import { APP_ORIGIN, CSP, isTrustedSender, safeExternalUrl } from './security';
import { openApp, defaultDataDir, type App } from './app';
import type { SafeStorageLike } from './xapi/secretBox';

type Listener = (...args: never[]) => unknown;
export interface WindowLike {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  webContents: {
    on(event: 'will-navigate', listener: (event: { preventDefault(): void; url: string }, url: string) => void): unknown;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
    printToPDF?(options: { printBackground?: boolean; pageSize?: string }): Promise<Uint8Array>;
  };
}

export interface ElectronLike {
  /** The OS's encryption for secrets (the LRS secret); optional so that older fakes still fit. */
  safeStorage?: SafeStorageLike;
  app: {
    isPackaged: boolean;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    exit(code?: number): void;
    whenReady(): Promise<unknown>;
    getPath(name: 'userData'): string;
    on(event: string, listener: Listener): unknown;
  };
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => WindowLike;
  protocol: {
    registerSchemesAsPrivileged(schemes: Electron.CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
  };
  ipcMain: { handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, payload: unknown) => Promise<unknown>): void };
  shell: { openExternal(url: string): Promise<void> };
  session: {
    defaultSession: {
      setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
      setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
    };
  };
  dialog: {
    showErrorBox(title: string, content: string): void;
    showSaveDialog?(options: { defaultPath: string; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePath?: string }>;
    showOpenDialog?(options: { properties: string[]; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  };
}

export const PRELOAD = join(distMainDir, 'preload.cjs');
export const RENDERER_DIR = rendererDir;

export function windowOptions(preload: string, packaged: boolean): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Comptoir',
    backgroundColor: '#fbfaf7',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !packaged,
    },
  };
}

/** Navigation stays in the app; new windows are denied, safe links open in the system browser. */
export function hardenWindow(win: WindowLike, shell: ElectronLike['shell']): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (!(url ?? event.url).startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

export function denyPermissions(session: ElectronLike['session']): void {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Every channel through ipcMain.handle, answering only the app's own frame. */
export function bindIpc(ipcMain: ElectronLike['ipcMain'], handlers: Handlers, log: (e: unknown) => void): void {
  registerHandlers((channel, handle) => {
    ipcMain.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event.senderFrame?.url)) return { ok: false, error: { code: 'forbidden', message: 'unknown sender', retryable: false } };
      return handle(payload);
    });
  }, handlers, log);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

/** Serves the built renderer on app://comptoir/ with the CSP on every response. */
export async function serveRenderer(request: Request, rendererDir = RENDERER_DIR): Promise<Response> {
  const url = new URL(request.url);
  const relative = url.pathname === '/' || url.pathname === '' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = normalize(join(rendererDir, relative));
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
  if (url.host !== 'comptoir' || !file.startsWith(resolve(rendererDir) + sep)) return new Response('not found', { status: 404, headers });
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- confined to rendererDir by the check just above (tested with %2e%2e)
    return new Response(await readFile(file), { headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' } });
  } catch {
    return new Response('not found', { status: 404, headers });
  }
}

export function dataDirArgument(argv: readonly string[]): string | undefined {
  const arg = argv.find((a) => a.startsWith('--data-dir='));
  return arg ? arg.slice('--data-dir='.length) : undefined;
}

/** --idle-minutes=N as `npm start` passes it on (already checked there); anything else is ignored. */
export function idleMinutesArgument(argv: readonly string[]): number | undefined {
  const value = Number(argv.find((a) => a.startsWith('--idle-minutes='))?.slice('--idle-minutes='.length));
  return Number.isInteger(value) && value >= 1 && value <= 240 ? value : undefined;
}

export async function startElectron(electron: ElectronLike, argv: readonly string[] = process.argv): Promise<void> {
  const { app } = electron;
  electron.protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const shown: { window?: WindowLike } = {};
  app.on('second-instance', () => {
    if (shown.window?.isMinimized()) shown.window.restore();
    shown.window?.focus();
  });
  await app.whenReady();
  denyPermissions(electron.session);
  electron.protocol.handle('app', (request) => serveRenderer(request));
  let comptoir: App;
  const printToPdf = async (suggestedName: string) => {
    const contents = shown.window?.webContents;
    const save = electron.dialog.showSaveDialog;
    if (!contents?.printToPDF || !save) return { saved: false, unavailable: true };
    const target = await save({ defaultPath: `${suggestedName}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (target.canceled || !target.filePath) return { saved: false, unavailable: false };
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the path the user chose in the system's save dialog
    await writeFile(target.filePath, await contents.printToPDF({ printBackground: true, pageSize: 'A4' }));
    return { saved: true, unavailable: false };
  };
  try {
    // HR's exports and bundles go through the system's own dialogs.
    const system = electron.dialog;
    const dialog = system.showSaveDialog && system.showOpenDialog
      ? {
        showSaveDialog: (o: { defaultPath: string }) => system.showSaveDialog!({ ...o, filters: [] }),
        showOpenDialog: (o: { properties: string[]; filters: { name: string; extensions: string[] }[] }) => system.showOpenDialog!(o),
      }
      : undefined;
    comptoir = await openApp({ dataDir: dataDirArgument(argv) ?? process.env['COMPTOIR_DATA_DIR'] ?? app.getPath('userData') ?? defaultDataDir(), mode: 'electron', printToPdf, ...(dialog ? { dialog } : {}), ...(electron.safeStorage ? { safeStorage: electron.safeStorage } : {}) });
  } catch (error) {
    electron.dialog.showErrorBox('Comptoir', (error as Error).message);
    app.exit(1);
    return;
  }
  const idleMinutes = idleMinutesArgument(argv);
  if (idleMinutes !== undefined) await comptoir.handlers['settings:update']({ idleMinutes });
  bindIpc(electron.ipcMain, comptoir.handlers, (e) => console.error(e));
  const window = new electron.BrowserWindow(windowOptions(PRELOAD, app.isPackaged));
  shown.window = window;
  hardenWindow(window, electron.shell);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  // Flush queued writes before quitting: nothing acknowledged is lost.
  let flushed = false;
  app.on('before-quit', ((event: { preventDefault(): void }) => {
    if (flushed) return;
    event.preventDefault();
    void comptoir.close().finally(() => {
      flushed = true;
      app.quit();
    });
  }) as Listener);
  app.on('window-all-closed', () => app.quit());
}
