// The desktop shell through the user's eyes: profiles survive restarts, a crash mid-attempt
// loses nothing, corrupt data is restored from backup with a message, the API refuses strangers.
import { request as httpRequest } from 'node:http';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, createProfile } from './fixtures';
import { launchApp } from './harness';

const fixture = (name: string) => new URL(`../fixtures/store/${name}`, import.meta.url).pathname;

async function api(app: { origin: string; token: string }, channel: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-comptoir-token': app.token, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } } };
}

test('a new profile is still there after a restart', async ({ app }) => {
  await createProfile(app, 'Awa Diallo');
  await app.restart();
  await expect(app.page.getByRole('button', { name: 'Awa Diallo' })).toBeVisible();
});

test('kill -9 in the middle of an attempt, restart: resumed at the same step with the same log', async ({ app }, testInfo) => {
  const { page } = app;
  await createProfile(app, 'Karim');
  await page.getByRole('button', { name: /Découvrir : Exemple : un premier compte/ }).click();
  await page.getByRole('radio', { name: /Sans minutage/ }).check();
  await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
  await expect(page.locator('#step-heading')).toContainText('c’est ici pour ouvrir un compte');
  await page.keyboard.press('1');
  await expect(page.locator('#step-heading')).toContainText('C’est mon premier compte');
  await page.getByRole('button', { name: /Félicitations pour ce job/ }).click();
  await expect(page.locator('#step-heading')).toContainText('ça coûte combien');
  await app.kill();
  await app.restart();
  await app.page.getByRole('button', { name: 'Karim' }).click();
  await expect(app.page.getByText(/2 décisions enregistrées/)).toBeVisible();
  await expect(app.page.getByText('En cours', { exact: true })).toBeVisible();
  await app.page.getByRole('button', { name: 'Reprendre là où vous en étiez' }).click();
  await expect(app.page.locator('#step-heading')).toContainText('ça coûte combien');
  test.skip(testInfo.project.name === 'electron', 'the stored log is read through the HTTP API below');
  const inProgress = await api(app, 'attempts:in-progress', {});
  const attemptId = (inProgress.body.value as { id: string }[])[0]!.id;
  const attempt = (await api(app, 'attempts:get', { attemptId })).body.value as { log: { decisions: { stepId: string; choiceId: string }[] } };
  expect(attempt.log.decisions.map((d) => `${d.stepId}/${d.choiceId}`)).toEqual(['accueil/accueil-chaleureux', 'besoin/besoin-question']);
});

for (const name of ['empty.json', 'truncated.json', 'wrong-schema.json']) {
  test(`a corrupt profiles file (${name}): the app starts, restores the last backup and says so`, async ({ app }) => {
    await createProfile(app, 'Première');
    await app.page.getByRole('button', { name: 'Changer de profil' }).click();
    await createProfile(app, 'Seconde');
    await app.kill();
    copyFileSync(fixture(name), join(app.dataDir, 'profiles.json'));
    await app.restart();
    await expect(app.page.getByRole('alert')).toContainText('la dernière sauvegarde valide a été restaurée');
    await expect(app.page.getByRole('button', { name: 'Première' })).toBeVisible();
    expect(readdirSync(app.dataDir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true);
  });
}

test('data from a newer Comptoir is refused with a message and never overwritten', async ({ dataDir }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'Electron shows the same message in a dialog box');
  copyFileSync(fixture('newer.json'), join(dataDir, 'profiles.json'));
  await expect(launchApp({ dataDir })).rejects.toThrow(/newer Comptoir/);
  expect(readFileSync(join(dataDir, 'profiles.json'), 'utf8')).toBe(readFileSync(fixture('newer.json'), 'utf8'));
});

test('calls without the token, from elsewhere or of the wrong shape are refused, and nothing is written', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode only: Electron checks the sender frame (unit-tested)');
  expect((await api(app, 'profiles:create', { displayName: 'X' }, { 'x-comptoir-token': '' })).status).toBe(403);
  expect((await api(app, 'profiles:create', { displayName: 'X' }, { 'x-comptoir-token': 'f'.repeat(64) })).status).toBe(403);
  expect((await api(app, 'profiles:create', { displayName: 'X' }, { origin: 'http://evil.example' })).status).toBe(403);
  const wrongShape = await api(app, 'profiles:create', { displayName: 42, admin: true });
  expect(wrongShape).toMatchObject({ status: 200, body: { ok: false, error: { code: 'invalid-request' } } });
  expect((await api(app, 'profiles:drop-all', {})).body).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  const foreignHost = await new Promise<number>((resolve, reject) => {
    const url = new URL(app.origin);
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path: '/api/profiles:list', method: 'POST', headers: { host: `rebind.example:${url.port}`, 'content-type': 'application/json', 'x-comptoir-token': app.token } }, (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end('{}');
  });
  expect(foreignHost).toBe(403);
  expect((await api(app, 'profiles:list', {})).body).toEqual({ ok: true, value: [] });
  expect(existsSync(join(app.dataDir, 'profiles.json'))).toBe(false);
  // Every response, static or API, carries the CSP.
  const page = await fetch(`${app.origin}/`);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
});
