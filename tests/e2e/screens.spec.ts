// Screenshots of every trainee screen in French at 1366×768 and 1920×1080, into docs/screens/.
// Run with `npm run screens` (skipped in the ordinary test run: the pictures are for people).
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
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
