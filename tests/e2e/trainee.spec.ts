// The trainee experience end to end: a whole encounter by keyboard alone in French and in
// English, a timed step that expires, the debrief equal to the CLI's report, replay from a step,
// and axe on every screen.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { axe } from './a11y';

const root = new URL('../../', import.meta.url).pathname;

/** Presses Tab until `target` has the focus: proves it is reachable from the keyboard. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target.toString()} with Tab`);
}

async function playByKeyboard(page: Page, lang: 'fr' | 'en'): Promise<void> {
  const L = lang === 'fr'
    ? { name: 'Nom affiché', open: /Découvrir : Exemple : un premier compte/, off: /Sans minutage/, begin: 'Commencer la rencontre', debrief: 'Voir le débriefing', passed: /Réussi/ }
    : { name: 'Display name', open: /Open: Example: a first account/, off: /No timing/, begin: 'Start the encounter', debrief: 'See the debrief', passed: /Passed/ };
  await tabTo(page, page.getByLabel(L.name));
  await page.keyboard.type(lang === 'fr' ? 'Inès Moreau' : 'Jamie Rowe');
  await page.keyboard.press('Enter');
  await axe(page, 'start');
  await tabTo(page, page.getByRole('button', { name: L.open }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: L.begin })).toBeVisible();
  await axe(page, 'briefing');
  await tabTo(page, page.getByRole('radio').first());
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: L.off })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: L.begin }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-heading')).toBeVisible();
  await axe(page, 'player');
  // The best answer is always offered first in this example: eight decisions.
  for (let i = 0; i < 7; i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press('1');
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await expect(page.getByRole('button', { name: L.debrief })).toBeFocused();
  await axe(page, 'end of encounter');
  await page.keyboard.press('Enter');
  await expect(page.getByText(L.passed)).toBeVisible();
  await axe(page, 'debrief');
}

test('a new trainee plays a scenario to the end by keyboard only, in French', async ({ app }) => {
  await playByKeyboard(app.page, 'fr');
  await expect(app.page.getByText('Client ravi, prescripteur')).toBeVisible();
});

test('and again in English', async ({ app }) => {
  const { page } = app;
  await tabTo(page, page.getByRole('combobox', { name: 'Langue' }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('heading', { name: 'Who is playing?' })).toBeVisible();
  await playByKeyboard(page, 'en');
  await expect(page.getByText('Delighted customer, a prescriber')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

async function startExample(page: Page, mode: 'normal' | 'off'): Promise<void> {
  await page.getByLabel('Nom affiché').fill('Lucie');
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await page.getByRole('button', { name: /Découvrir : Exemple : un premier compte/ }).click();
  if (mode === 'off') await page.getByRole('radio', { name: /Sans minutage/ }).check();
  await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
  await expect(page.locator('#step-heading')).toContainText('ouvrir un compte');
}

test('a timed step that expires becomes a passive decision in the debrief', async ({ app }) => {
  const { page } = app;
  await startExample(page, 'normal');
  await expect(page.getByRole('timer')).toContainText(/Temps restant\s:\s(20|19)\ss/);
  await axe(page, 'player, timed step');
  // Twenty seconds at the counter without a word: Léa acts first.
  await expect(page.locator('#step-heading')).toContainText('C’est mon premier compte', { timeout: 30_000 });
  // Then the last answer offered, each time, to the end.
  const end = page.getByRole('button', { name: 'Voir le débriefing' });
  for (let i = 0; i < 15 && !(await end.isVisible()); i++) {
    const before = await page.locator('#step-heading').textContent();
    const count = await page.locator('.choices button').count();
    await page.keyboard.press(String(count));
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await end.click();
  const first = page.locator('.decision').first();
  await expect(first).toContainText('Temps écoulé : vous n’avez pas répondu');
  await expect(first.locator('.tag-passive')).toHaveText('passif');
  await expect(first).toContainText('Passivité commerciale');
});

test('the debrief shows the figures the CLI computes from the same stored log; replay from a step', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'reads the stored log through the browser-mode API');
  const { page } = app;
  await startExample(page, 'off');
  for (const key of ['3', '1', '2', '2', '2', '1', '2']) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press(key);
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await page.getByRole('button', { name: 'Voir le débriefing' }).click();
  await expect(page.getByText('Chaque décision, et pourquoi')).toBeVisible();

  const post = async (channel: string, body: unknown) => (await (await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-comptoir-token': app.token }, body: JSON.stringify(body) })).json()) as { value: never };
  const profiles = (await post('profiles:list', {})).value as { id: string }[];
  const history = (await post('attempts:history', { profileId: profiles[0]!.id })).value as { id: string }[];
  const attempt = (await post('attempts:get', { attemptId: history[0]!.id })).value as { log: unknown };
  const file = join(mkdtempSync(join(tmpdir(), 'comptoir-log-')), 'decisions.json');
  writeFileSync(file, JSON.stringify(attempt.log));
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scenarios/cli.ts', 'play', 'scenarios/library/exemple-guichet-banque.json', '--log', file, '--json'], { cwd: root, encoding: 'utf8' });
  const report = JSON.parse(cli.stdout) as { scores: Record<'overall' | 'empathy' | 'proactivity' | 'reliability', number> };
  for (const [label, key] of [['Global', 'overall'], ['Empathie', 'empathy'], ['Proactivité', 'proactivity'], ['Fiabilité', 'reliability']] as const) {
    // The same number, written the French way (decimal comma).
    await expect(page.locator('.gauge').filter({ hasText: label }).locator('.gauge-value')).toHaveText(`${String(report.scores[key]).replace('.', ',')}/100`);
  }

  // Replay from the third decision: the same step, as practice.
  await page.getByRole('button', { name: 'Rejouer depuis cette étape' }).nth(2).click();
  await expect(page.locator('#step-heading')).toContainText('ça coûte combien');
  await page.keyboard.press('1');
  await expect(page.locator('#step-heading')).not.toContainText('ça coûte combien');
  const after = (await post('attempts:history', { profileId: profiles[0]!.id })).value as { kind: string }[];
  expect(after.map((a) => a.kind).sort()).toEqual(['assessed', 'practice']);
});

test('history shows the attempts and first vs best, and passes axe', async ({ app }) => {
  const { page } = app;
  await startExample(page, 'off');
  for (let i = 0; i < 7; i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press('1');
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await page.getByRole('button', { name: 'Voir le débriefing' }).click();
  await page.getByRole('button', { name: 'Voir mon historique' }).click();
  await expect(page.getByRole('heading', { name: 'Historique de Lucie' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Exemple : un premier compte au guichet 100 100/ })).toBeVisible();
  await axe(page, 'history');
});

test('an idle workstation returns to the start screen; the encounter stays resumable', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'drives the page clock of browser mode');
  const { page } = app;
  await page.clock.install();
  await page.reload();
  await startExample(page, 'off');
  await page.keyboard.press('2');
  await expect(page.locator('#step-heading')).toContainText('combien');
  // Ten minutes without a key or a click (the default): the next person must choose their own profile.
  await page.clock.fastForward('10:05');
  await expect(page.getByRole('status').filter({ hasText: 'période d’inactivité' })).toBeVisible();
  await expect(page.getByLabel('Nom affiché')).toBeVisible();
  await page.getByRole('button', { name: 'Lucie' }).click();
  const resume = page.getByRole('button', { name: 'Reprendre là où vous en étiez' });
  await expect(resume).toBeVisible();
  await axe(page, 'start, resume offered');
  await resume.click();
  await expect(page.locator('#step-heading')).toContainText('combien');
});
