// Window and security settings of the Electron main process, against a small fake of `electron`.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindIpc, dataDirArgument, idleMinutesArgument, denyPermissions, hardenWindow, serveRenderer, windowOptions, startElectron, type ElectronLike, type WindowLike } from './electron';
import { safeExternalUrl, isTrustedSender, CSP } from './security';
import type { Handlers } from './handlers';
import { CHANNELS } from './contract';

function fakeWindow() {
  const listeners: Record<string, (event: { preventDefault(): void; url: string }, url: string) => void> = {};
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const win: WindowLike = {
    loadURL: vi.fn(async () => undefined),
    once: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
    isMinimized: () => false,
    restore: vi.fn(),
    webContents: {
      on: (event, listener) => { listeners[event] = listener; },
      setWindowOpenHandler: (handler) => { openHandler = handler; },
    },
  };
  return { win, navigate: (url: string) => { const e = { preventDefault: vi.fn(), url }; listeners['will-navigate']?.(e, url); return e.preventDefault; }, open: (url: string) => openHandler?.({ url }) };
}

const shell = () => ({ openExternal: vi.fn(async (_url: string) => undefined) });

describe('the Electron window', () => {
  it('isolates the renderer: context isolation, sandbox, no node, web security, devtools off in release', () => {
    const prefs = windowOptions('/p/preload.cjs', true).webPreferences!;
    expect(prefs).toMatchObject({ preload: '/p/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false });
    expect(windowOptions('/p', false).webPreferences?.devTools).toBe(true);
  });

  it('denies navigation away from the app', () => {
    const { win, navigate } = fakeWindow();
    hardenWindow(win, shell());
    expect(navigate('https://example.com/')).toHaveBeenCalled();
    expect(navigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(navigate('app://comptoir/index.html')).not.toHaveBeenCalled();
  });

  it('denies every new window, opening only https and mailto links in the system browser', () => {
    const { win, open } = fakeWindow();
    const s = shell();
    hardenWindow(win, s);
    for (const url of ['https://learn.example.org/guide', 'mailto:rh@example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'http://example.com', 'not a url', 'https://user:pw@example.com']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(s.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://learn.example.org/guide', 'mailto:rh@example.org']);
  });

  it('refuses every permission request and check', () => {
    let request: ((w: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((w: unknown, p: string) => boolean) | null = null;
    denyPermissions({ defaultSession: { setPermissionRequestHandler: (h) => { request = h; }, setPermissionCheckHandler: (h) => { check = h; } } });
    const cb = vi.fn();
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) request!(null, p, cb);
    expect(cb.mock.calls.every((c) => c[0] === false)).toBe(true);
    expect(check!(null, 'media')).toBe(false);
  });

  it('answers IPC only from the app’s own frame, on the declared channels only', async () => {
    const registered = new Map<string, (event: { senderFrame?: { url: string } | null }, payload: unknown) => Promise<unknown>>();
    const handlers = { 'profiles:list': vi.fn(async () => []) } as unknown as Handlers;
    bindIpc({ handle: (c, l) => registered.set(c, l) }, handlers, () => undefined);
    expect([...registered.keys()].sort()).toEqual([...CHANNELS].sort());
    const call = registered.get('profiles:list')!;
    expect(await call({ senderFrame: { url: 'app://comptoir/index.html' } }, {})).toEqual({ ok: true, value: [] });
    expect(await call({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call({ senderFrame: { url: 'app://comptoir/' } }, { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('serves the renderer from app:// with the CSP, and nothing outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    const ok = await serveRenderer(new Request('app://comptoir/index.html'), dir);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).not.toContain('unsafe-eval');
    expect((await serveRenderer(new Request('app://comptoir/%2e%2e/%2e%2e/etc/passwd'), dir)).status).toBe(404);
    expect((await serveRenderer(new Request('app://other/index.html'), dir)).status).toBe(404);
  });

  it('quits at once when another instance already holds the lock', async () => {
    const quit = vi.fn();
    const electron = {
      app: { isPackaged: true, requestSingleInstanceLock: () => false, quit, exit: vi.fn(), whenReady: vi.fn(), getPath: () => '/tmp', on: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    } as unknown as ElectronLike;
    await startElectron(electron, []);
    expect(quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('starts: denies permissions, serves app://, binds IPC, opens the hardened window, saves a debrief as PDF', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-electron-'));
    const pdfPath = join(dataDir, 'debrief.pdf');
    const ipc = new Map<string, (event: { senderFrame?: { url: string } | null }, payload: unknown) => Promise<unknown>>();
    const windows: { options: Electron.BrowserWindowConstructorOptions; loaded: string[] }[] = [];
    const listeners = new Map<string, (...args: never[]) => unknown>();
    let permissionRequest: ((w: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let appProtocol: ((r: Request) => Promise<Response> | Response) | undefined;
    class FakeWindow {
      readonly loaded: string[] = [];
      webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), printToPDF: vi.fn(async () => new TextEncoder().encode('%PDF-1.7 fake')) };
      constructor(readonly options: Electron.BrowserWindowConstructorOptions) { windows.push(this); }
      async loadURL(url: string) { this.loaded.push(url); }
      once() { return this; }
      show() {}
      focus() {}
      isMinimized() { return false; }
      restore() {}
    }
    const electron = {
      app: { isPackaged: true, requestSingleInstanceLock: () => true, quit: vi.fn(), exit: vi.fn(), whenReady: async () => undefined, getPath: () => dataDir, on: (e: string, l: (...args: never[]) => unknown) => listeners.set(e, l) },
      BrowserWindow: FakeWindow,
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: (_scheme: string, h: typeof appProtocol) => { appProtocol = h; } },
      ipcMain: { handle: (c: string, l: (event: { senderFrame?: { url: string } | null }, payload: unknown) => Promise<unknown>) => ipc.set(c, l) },
      shell: shell(),
      session: { defaultSession: { setPermissionRequestHandler: (h: typeof permissionRequest) => { permissionRequest = h; }, setPermissionCheckHandler: vi.fn() } },
      dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: pdfPath })) },
    } as unknown as ElectronLike;
    await startElectron(electron, ['electron', 'main.js', `--data-dir=${dataDir}`]);
    expect(windows).toHaveLength(1);
    expect(windows[0]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(windows[0]!.loaded).toEqual(['app://comptoir/index.html']);
    expect(appProtocol).toBeDefined();
    const cb = vi.fn();
    permissionRequest!(null, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    const trusted = { senderFrame: { url: 'app://comptoir/index.html' } };
    expect(await ipc.get('profiles:list')!(trusted, {})).toEqual({ ok: true, value: [] });
    expect(await ipc.get('app:print-pdf')!(trusted, { suggestedName: 'Débriefing' })).toEqual({ ok: true, value: { saved: true, unavailable: false } });
    expect(readFileSync(pdfPath, 'utf8')).toBe('%PDF-1.7 fake');
    // Quitting flushes the store first.
    const preventDefault = vi.fn();
    listeners.get('before-quit')!({ preventDefault } as never);
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
  });

  it('reads --data-dir= and a valid --idle-minutes=', () => {
    expect(dataDirArgument(['electron', 'main.js', '--data-dir=/srv/comptoir'])).toBe('/srv/comptoir');
    expect(dataDirArgument([])).toBeUndefined();
    expect(idleMinutesArgument(['electron', 'main.js', '--idle-minutes=5'])).toBe(5);
    expect(idleMinutesArgument(['--idle-minutes=0'])).toBeUndefined();
    expect(idleMinutesArgument(['--idle-minutes=abc'])).toBeUndefined();
  });
});

describe('links and senders', () => {
  it('openExternal refuses file:, javascript:, smb: and malformed URLs', () => {
    expect(safeExternalUrl('file:///C:/Windows/system32/calc.exe')).toBeUndefined();
    expect(safeExternalUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeExternalUrl('smb://attacker/share')).toBeUndefined();
    expect(safeExternalUrl('https//missing-colon')).toBeUndefined();
    expect(safeExternalUrl('mailto:')).toBeUndefined();
    expect(safeExternalUrl('https://example.org/a?b=c')).toBe('https://example.org/a?b=c');
  });

  it('trusts only app://comptoir/ frames', () => {
    expect(isTrustedSender('app://comptoir/index.html')).toBe(true);
    expect(isTrustedSender('app://comptoir.evil/index.html')).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:3000/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
