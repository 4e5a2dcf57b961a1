// HR end to end, through the UI only: the PIN set on first use with its recovery code, a wrong PIN
// refused, a trainee's data exported and erased, a bundle downloaded; axe on every HR screen.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const PIN = '480752';

async function axe(page: Page, screen: string): Promise<void> {
  await page.evaluate(`Promise.race([Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 2000))])`);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** From the start screen into the HR area, setting the PIN on first use. */
export async function enterHr(page: Page, firstTime: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Espace RH' }).click();
  if (firstTime) {
    await expect(page.getByRole('heading', { name: /choisir un code PIN/ })).toBeVisible();
    await page.getByLabel('Nouveau code PIN').fill(PIN);
    await page.getByLabel('Confirmez le code PIN').fill(PIN);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('heading', { name: 'Votre code de récupération' })).toBeFocused();
    await page.getByRole('button', { name: 'J’ai noté ce code, continuer' }).click();
  } else {
    await page.getByLabel('Code PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
  }
  await expect(page.getByRole('tab', { name: 'Stagiaires et données' })).toBeVisible();
}

test('HR sets its PIN once, sees the recovery code; a wrong PIN is refused and says how many tries are left', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'shares one data folder set-up with browser mode');
  const { page } = app;
  await page.getByRole('button', { name: 'Espace RH' }).click();
  await page.getByLabel('Nouveau code PIN').fill('1234');
  await page.getByLabel('Confirmez le code PIN').fill('1234');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText('une suite de chiffres');
  await axe(page, 'PIN set-up');
  await page.getByLabel('Nouveau code PIN').fill(PIN);
  await page.getByLabel('Confirmez le code PIN').fill(PIN);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.locator('.recovery-code code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await axe(page, 'recovery code');
  await page.getByRole('button', { name: 'J’ai noté ce code, continuer' }).click();
  await page.getByRole('button', { name: 'Verrouiller et quitter' }).click();

  await page.getByRole('button', { name: 'Espace RH' }).click();
  await page.getByLabel('Code PIN', { exact: true }).fill('999888');
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(page.getByRole('alert')).toContainText(/Encore 2 essais/);
  await axe(page, 'PIN refused');
  await page.getByLabel('Code PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(page.getByRole('tab', { name: 'Stagiaires et données' })).toHaveAttribute('aria-selected', 'true');
});

test('HR exports a trainee’s data, a bundle, then erases the trainee with the name repeated', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'downloads go through browser mode');
  const { page } = app;
  await page.getByLabel('Nom affiché').fill('Inès Moreau');
  await page.getByLabel('Matricule (facultatif)').fill('E-2041');
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await page.getByRole('button', { name: 'Changer de profil' }).click();
  await enterHr(page, true);
  const row = page.getByRole('row', { name: /Inès Moreau/ });
  await expect(row).toContainText('E-2041');
  await axe(page, 'HR trainees and data');

  const personal = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter les données de Inès Moreau' }).click();
  const data = JSON.parse(readFileSync((await (await personal).path())!, 'utf8')) as { profile: { displayName: string } };
  expect(data.profile.displayName).toBe('Inès Moreau');

  const bundle = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter un lot de ce poste' }).click();
  const lines = readFileSync((await (await bundle).path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
  expect(lines[0]).toMatchObject({ type: 'header', format: 'comptoir-bundle' });
  expect(lines.at(-1)).toMatchObject({ type: 'end', counts: { profiles: 1 } });
  await expect(page.getByRole('status').filter({ hasText: 'Lot exporté' })).toBeVisible();

  await page.getByRole('button', { name: 'Effacer Inès Moreau' }).click();
  const eraseButton = page.getByRole('button', { name: 'Effacer définitivement' });
  await expect(eraseButton).toBeDisabled();
  await page.getByLabel(/Pour confirmer, saisissez le nom affiché/).fill('Inès Moreau');
  await axe(page, 'erasure confirmation');
  await eraseButton.click();
  await expect(page.getByText('Aucun stagiaire pour l’instant.')).toBeVisible();
});
