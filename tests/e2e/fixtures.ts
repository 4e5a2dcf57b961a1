// Playwright fixtures: `app` is the running Comptoir (browser mode, or Electron in the electron project).
import { test as base, _electron, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, type RunningApp } from './harness';

export function electronAvailable(): boolean {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

const root = new URL('../../', import.meta.url).pathname;

async function launchElectron(dataDir: string): Promise<RunningApp> {
  const start = () => _electron.launch({ args: [join(root, 'dist/main/electron-main.js'), `--data-dir=${dataDir}`] });
  let electronApp = await start();
  let page = await electronApp.firstWindow();
  const app = {
    get page() { return page; },
    get context() { return electronApp.context(); },
    url: 'app://comptoir/index.html',
    origin: 'app://comptoir',
    token: '',
    dataDir,
    async kill() { electronApp.process().kill('SIGKILL'); },
    async restart() {
      electronApp.process().kill('SIGKILL');
      electronApp = await start();
      page = await electronApp.firstWindow();
    },
    async close() { await electronApp.close(); },
  };
  return app as unknown as RunningApp;
}

export const test = base.extend<{ app: RunningApp; dataDir: string }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern, empty here.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => { await use(mkdtempSync(join(tmpdir(), 'comptoir-e2e-'))); },
  app: async ({ dataDir }, use, testInfo) => {
    let app: RunningApp;
    if (testInfo.project.name === 'electron') {
      test.skip(!electronAvailable(), 'no Electron binary on this machine');
      app = await launchElectron(dataDir);
    } else {
      app = await launchApp({ dataDir });
    }
    await use(app);
    await app.close();
  },
});

export { expect };

/** Creates a profile through the start screen and selects it. */
export async function createProfile(app: RunningApp, name: string): Promise<void> {
  const { page } = app;
  await page.getByLabel(/Nom affiché|Display name/).fill(name);
  await page.getByRole('button', { name: /Créer mon profil|Create my profile/ }).click();
  await expect(page.getByText(new RegExp(`(Profil choisi|Profile)\\s?: ${name}`))).toBeVisible();
}
