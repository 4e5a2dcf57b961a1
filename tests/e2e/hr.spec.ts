// HR end to end, through the UI only: the PIN set on first use with its recovery code, a wrong PIN
// refused, a trainee's data exported and erased, a bundle downloaded; axe on every HR screen.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { test, expect } from './fixtures';
import { axe } from './a11y';
import { assertLrsInstalled, startAuthProxy, startTestLrs } from '../lrs/server';

const PIN = '480752';

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
  await expect(page.getByRole('tab', { name: 'Tableau de bord' })).toHaveAttribute('aria-selected', 'true');
});

test('HR exports a trainee’s data, a bundle, then erases the trainee with the name repeated', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'downloads go through browser mode');
  const { page } = app;
  await page.getByLabel('Nom affiché').fill('Inès Moreau');
  await page.getByLabel('Matricule (facultatif)').fill('E-2041');
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await page.getByRole('button', { name: 'Changer de profil' }).click();
  await enterHr(page, true);
  await page.getByRole('tab', { name: 'Stagiaires et données' }).click();
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

test('HR points Comptoir at an LRS, pushes a finished attempt, and an outage is retried', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the LRS runs beside browser mode');
  assertLrsInstalled();
  const lrs = await startTestLrs();
  const proxy = await startAuthProxy(lrs, { key: 'comptoir', secret: 's3cret-e2e' });
  try {
    const { page } = app;
    await playExample(page, 'Awa Diallo', 'Promo A');
    await enterHr(page, true);
    await page.getByRole('tab', { name: 'LRS (xAPI)' }).click();
    await expect(page.getByText(/Déclarations en attente/)).toContainText(/en attente\s:\s[1-9]\d*\s·/);
    await page.getByLabel('Adresse du LRS (endpoint xAPI)').fill(proxy.endpoint);
    await page.getByLabel('Clé (identifiant)').fill('comptoir');
    await page.getByLabel('Secret', { exact: true }).fill('s3cret-e2e');
    // The LRS is down for the first send, which saving the settings starts at once.
    proxy.failNext(1);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Réglages du LRS enregistrés' })).toBeVisible();
    await expect(async () => {
      await page.getByRole('button', { name: 'Actualiser' }).click();
      await expect(page.getByRole('cell', { name: /Service unavailable/ })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByText(/Prochain essai automatique/)).toBeVisible();
    await axe(page, 'HR LRS settings and a failed batch');
    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await expect(page.getByRole('status').filter({ hasText: /lots envoyés\s:\s1,/ })).toBeVisible();
    await expect(page.getByText(/Déclarations en attente/)).toContainText(/en attente\s:\s0\s·\senvoyées\s:\s[1-9]\d*\s·\sen échec\s:\s0/);
    expect(proxy.requests.map((r) => r.status)).toContain(503);

    // The statements are in the LRS, once each.
    const stored = await fetch(`${lrs.endpoint}/statements?limit=100`, { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    const body = (await stored.json()) as { statements: { verb: { id: string } }[] };
    expect(body.statements.some((s) => s.verb.id.endsWith('/passed') || s.verb.id.endsWith('/failed'))).toBe(true);
  } finally {
    await proxy.stop();
    await lrs.stop();
  }
});

/** RFC 4180 fields, quotes and doubled quotes included, for the given separator. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

async function playExample(page: Page, name: string, cohort: string): Promise<void> {
  await page.getByLabel('Nom affiché').fill(name);
  await page.getByLabel('Promotion (facultatif)').fill(cohort);
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await page.getByRole('button', { name: /Découvrir : Exemple : un premier compte/ }).click();
  await page.getByRole('radio', { name: /Sans minutage/ }).check();
  await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
  const end = page.getByRole('button', { name: 'Voir le débriefing' });
  for (let i = 0; i < 15 && !(await end.isVisible()); i++) {
    const before = await page.locator('#step-heading').textContent();
    await page.keyboard.press(i % 2 === 0 ? '1' : '2');
    await expect(page.locator('#step-heading')).not.toHaveText(before ?? '');
  }
  await page.getByRole('navigation').getByRole('button', { name: 'Changer de profil' }).click();
}

test('HR filters the dashboard, exports CSV (France) and XLSX: every value equals the stored report, a formula name comes out inert', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'reads the stored reports through browser mode');
  const { page } = app;
  const evil = '=HYPERLINK("http://evil.example","clic")';
  await playExample(page, evil, 'Promo A');
  await playExample(page, 'Léo Martin', 'Promo B');
  const post = async (channel: string, body: unknown) => ((await (await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-comptoir-token': app.token }, body: JSON.stringify(body) })).json()) as { value: never }).value;
  const profiles = (await post('profiles:list', {})) as { id: string; displayName: string }[];
  const evilId = profiles.find((p) => p.displayName === evil)!.id;
  const [stored] = (await post('attempts:history', { profileId: evilId })) as { result: { overall: number; empathy: number } }[];

  await enterHr(page, true);
  await page.getByLabel('Promotion', { exact: true }).selectOption('Promo A');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  const table = page.locator('.dashboard-table tbody tr');
  await expect(table).toHaveCount(1);
  await expect(table.first()).toContainText(evil);
  await axe(page, 'HR dashboard');

  // CSV for Excel in France: BOM, semicolons, CRLF, decimal comma, JJ/MM/AAAA HH:MM.
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const rows = parseCsv(csv.slice(1), ';');
  expect(rows).toHaveLength(2);
  const header = rows[0]!;
  const line = rows[1]!;
  const at = (name: string) => line[header.indexOf(name)]!;
  expect(at('Stagiaire')).toBe(`'${evil}`);
  expect(at('Promotion')).toBe('Promo A');
  expect(at('Score global')).toBe(String(stored!.result.overall).replace('.', ','));
  expect(at('Empathie')).toBe(String(stored!.result.empathy).replace('.', ','));
  expect(at('Début')).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

  // XLSX: typed cells, frozen header, autofilter.
  await page.getByRole('radio', { name: /Classeur Excel/ }).check();
  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await (await xlsxDownload).path())!);
  const sheet = workbook.worksheets[0]!;
  const names = (sheet.getRow(1).values as unknown[]).map(String);
  const cell = (name: string) => sheet.getRow(2).getCell(names.indexOf(name)).value;
  expect(cell('Score global')).toBe(stored!.result.overall);
  expect(cell('Stagiaire')).toBe(`'${evil}`);
  expect(cell('Début')).toBeInstanceOf(Date);
  expect(sheet.rowCount).toBe(2);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.autoFilter).toBeTruthy();
  expect(workbook.worksheets.length).toBeGreaterThanOrEqual(2);
});
