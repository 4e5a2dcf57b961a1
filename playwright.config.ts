import { defineConfig } from '@playwright/test';

// The same specs run against browser mode in Debian's Chromium and, where an Electron binary
// exists, against the Electron app (tests/e2e/fixtures.ts skips that project with its reason).
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './tests/e2e/global-setup.ts',
  projects: [
    { name: 'browser', use: {} },
    { name: 'electron', use: {} },
  ],
});
