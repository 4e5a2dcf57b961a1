// Screenshots of every trainee screen in French at 1366×768 and 1920×1080, into docs/screens/.
// Run with `npm run screens` (skipped in the ordinary test run: the pictures are for people).
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const out = new URL('../../docs/screens/', import.meta.url).pathname;
const sizes = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }] as const;

test.skip(!process.env['COMPTOIR_SCREENS'], 'set COMPTOIR_SCREENS=1 (npm run screens) to write docs/screens/');

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${out}${name}-${size.width}x${size.height}.png` });
  }
  await page.setViewportSize(sizes[0]);
}

test('every trainee screen, in French', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the pictures come from browser mode');
  const { page } = app;
  await expect(page.getByLabel('Nom affiché')).toBeVisible();
  await shoot(page, '01-start-profiles');
  await page.getByLabel('Nom affiché').fill('Awa Diallo');
  await page.getByLabel('Matricule (facultatif)').fill('E-2041');
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await expect(page.getByRole('heading', { name: /Bonjour Awa Diallo/ })).toBeVisible();
  await shoot(page, '02-start-scenarios');
  await page.getByRole('button', { name: /Découvrir : Compagnie aérienne/ }).click();
  await expect(page.getByRole('button', { name: 'Commencer la rencontre' })).toBeVisible();
  await shoot(page, '03-briefing');
  await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
  await expect(page.getByRole('timer')).toBeVisible();
  await shoot(page, '04-player-timed-step');
  const end = page.getByRole('button', { name: 'Voir le débriefing' });
  for (let i = 0; i < 3; i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press('1');
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await shoot(page, '05-player-commitments');
  for (let i = 0; i < 30 && !(await end.isVisible()); i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press('1');
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await shoot(page, '06-end-of-encounter');
  await end.click();
  await expect(page.getByText('Chaque décision, et pourquoi')).toBeVisible();
  await shoot(page, '07-debrief');
  await page.getByRole('button', { name: 'Voir mon historique' }).click();
  await expect(page.getByRole('heading', { name: /Historique de Awa Diallo/ })).toBeVisible();
  await shoot(page, '08-history');
  await page.getByRole('button', { name: 'Accueil' }).click();
  await page.getByRole('button', { name: /Découvrir : Exemple : un premier compte/ }).click();
  await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
  await expect(page.locator('#step-heading')).toContainText('ouvrir un compte');
  await page.keyboard.press('2');
  await expect(page.locator('#step-heading')).toContainText('combien');
  await page.getByRole('button', { name: 'Accueil' }).click();
  await expect(page.getByRole('button', { name: 'Reprendre là où vous en étiez' })).toBeVisible();
  await shoot(page, '09-start-resume');
});

/** A band of the page from the top of `from` to the bottom of `to`, full width, at 1366×768: the guide's close-ups. */
async function shootBand(page: Page, name: string, from: Locator, to: Locator = from): Promise<void> {
  mkdirSync(out, { recursive: true });
  await from.scrollIntoViewIfNeeded();
  const top = await from.boundingBox();
  const bottom = await to.boundingBox();
  if (!top || !bottom) throw new Error(`${name}: nothing to shoot`);
  const scroll = (await page.evaluate('window.scrollY')) as number;
  const y = Math.max(0, top.y + scroll - 12);
  await page.screenshot({ path: `${out}${name}-1366x768.png`, fullPage: true, clip: { x: 0, y, width: sizes[0].width, height: bottom.y + scroll + bottom.height + 12 - y } });
}

const section = (page: Page, heading: string) => page.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });

/** Plays to the end pressing, at each step, the answer `pick` chooses among those offered. */
async function playThrough(page: Page, end: Locator, pick: (count: number) => number): Promise<void> {
  for (let i = 0; i < 40 && !(await end.isVisible()); i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press(String(pick(await page.locator('.choices button').count())));
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
}

test('the pictures of the trainee guide, in French and in English', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the pictures come from browser mode');
  const { page } = app;
  // French: a middling play of the first example, so that the debrief has both praise and misses.
  await page.getByLabel('Nom affiché').fill('Awa Diallo');
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await page.getByRole('button', { name: /Découvrir : Exemple : un premier compte/ }).click();
  await shootBand(page, 'guide-briefing-timer', page.locator('fieldset.timer-mode'), page.locator('.briefing .actions'));
  await page.getByRole('radio', { name: /Sans minutage/ }).check();
  await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
  const fin = page.getByRole('button', { name: 'Voir le débriefing' });
  let turn = 0;
  await playThrough(page, fin, (count) => (turn++ % 2 === 0 ? 1 : count));
  await fin.click();
  await expect(page.getByText('Chaque décision, et pourquoi')).toBeVisible();
  await shootBand(page, 'guide-debrief-phases', section(page, 'Phase par phase'), section(page, 'L’humeur du client, votre parcours et le meilleur parcours'));
  await shootBand(page, 'guide-debrief-decisions', section(page, 'Chaque décision, et pourquoi').locator('h2'), section(page, 'Chaque décision, et pourquoi').locator('.decision').nth(2));
  await shootBand(page, 'guide-debrief-actions', section(page, 'Vos engagements'), page.locator('.actions.no-print'));

  // English: the switch, a new trainee, an encounter left in progress, then a poor play (last answer each time).
  await page.getByRole('navigation').getByRole('button', { name: 'Accueil' }).click();
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('button', { name: 'Change profile' }).click();
  await page.getByLabel('Display name').fill('Jamie Rowe');
  await page.getByRole('button', { name: 'Create my profile' }).click();
  await page.getByRole('button', { name: /Open: Example: a first account/ }).click();
  await shootBand(page, 'guide-en-briefing-timer', page.locator('.briefing-grid'), page.locator('.briefing .actions'));
  await page.getByRole('button', { name: 'Start the encounter' }).click();
  await expect(page.getByRole('timer')).toBeVisible();
  await page.screenshot({ path: `${out}guide-en-player-1366x768.png` });
  await page.getByRole('navigation').getByRole('button', { name: 'Home' }).click();
  await expect(page.getByRole('button', { name: 'Resume where you left off' })).toBeVisible();
  await page.screenshot({ path: `${out}guide-en-start-1366x768.png` });
  await page.getByRole('button', { name: 'Resume where you left off' }).click();
  const end = page.getByRole('button', { name: 'See the debrief' });
  await playThrough(page, end, (count) => count);
  await end.click();
  await expect(page.getByText('Each decision, and why')).toBeVisible();
  await page.screenshot({ path: `${out}guide-en-debrief-1366x768.png` });
  await shootBand(page, 'guide-en-debrief-phases', section(page, 'Phase by phase'), section(page, 'The customer\'s mood, your path and the best path'));
  await shootBand(page, 'guide-en-debrief-decisions', section(page, 'Each decision, and why').locator('h2'), section(page, 'Each decision, and why').locator('.decision').nth(2));
});

test('the HR screens, in French', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the pictures come from browser mode');
  const { page } = app;
  for (const [name, cohort, keys] of [['Awa Diallo', 'Promo A', '1'], ['Léo Martin', 'Promo B', '2'], ['Inès Moreau', 'Promo A', '3']] as const) {
    await page.getByLabel('Nom affiché').fill(name);
    await page.getByLabel('Promotion (facultatif)').fill(cohort);
    await page.getByRole('button', { name: 'Créer mon profil' }).click();
    await page.getByRole('button', { name: /Découvrir : Exemple : un premier compte/ }).click();
    await page.getByRole('radio', { name: /Sans minutage/ }).check();
    await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
    await playThrough(page, page.getByRole('button', { name: 'Voir le débriefing' }), (count) => Math.min(count, Number(keys)));
    await page.getByRole('navigation').getByRole('button', { name: 'Changer de profil' }).click();
  }
  await page.getByRole('button', { name: 'Espace RH' }).click();
  await expect(page.getByRole('heading', { name: /choisir un code PIN/ })).toBeVisible();
  await shoot(page, '10-hr-pin-setup');
  await page.getByLabel('Nouveau code PIN').fill('480752');
  await page.getByLabel('Confirmez le code PIN').fill('480752');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.locator('.recovery-code')).toBeVisible();
  await page.getByRole('button', { name: 'J’ai noté ce code, continuer' }).click();
  await expect(page.locator('.dashboard-table')).toBeVisible();
  await shoot(page, '11-hr-dashboard');
  await page.getByRole('tab', { name: 'Stagiaires et données' }).click();
  await expect(page.getByRole('row', { name: /Awa Diallo/ })).toBeVisible();
  await shoot(page, '12-hr-trainees-data');
  await page.getByRole('tab', { name: 'LRS (xAPI)' }).click();
  await expect(page.getByText(/Déclarations en attente/)).toBeVisible();
  await shoot(page, '13-hr-lrs');
});
