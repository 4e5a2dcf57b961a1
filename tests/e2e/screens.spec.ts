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

// --- The trainer studio (docs/AUTHORING.md) ---------------------------------------------------

const studioSize = { width: 1366, height: 900 } as const;

/** One picture of the studio at 1366×900: the window, or with `full` the whole page (the checks sit below the graph). */
async function shootStudio(page: Page, name: string, full = false): Promise<void> {
  mkdirSync(out, { recursive: true });
  await page.setViewportSize(studioSize);
  // A whole-page picture starts from the top, so that the sticky side panel is drawn where it sits.
  if (full) await page.evaluate('window.scrollTo(0, 0)');
  // The pause lets the graph's edges finish drawing; every state pictured was awaited before.
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}${name}-${studioSize.width}x${studioSize.height}.png`, fullPage: full });
}

const STUDIO_PIN = '730418';

/** Opens the studio from the start screen: sets the PIN the first time, else unlocks. */
async function openStudio(page: Page, firstTime: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Espace formateur' }).click();
  if (firstTime) {
    await page.getByLabel('Nouveau code PIN').fill(STUDIO_PIN);
    await page.getByLabel('Confirmez le code PIN').fill(STUDIO_PIN);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('.recovery-code')).toBeVisible();
    await page.getByRole('button', { name: 'J’ai noté ce code, continuer' }).click();
  } else {
    await page.getByLabel('Code PIN', { exact: true }).fill(STUDIO_PIN);
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Scénarios', exact: true })).toBeVisible();
}

/** Creates a scenario from the template and waits for its editor, its check done. */
async function createFromTemplate(page: Page, title: string): Promise<void> {
  await page.getByLabel('Titre', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Créer et ouvrir' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('.lint-summary')).toHaveText('Aucun problème trouvé.');
}

/**
 * Centres the graph on a step at a readable size (the editor's « Aller à l’étape »), then drags the
 * empty top-left corner of the pane by (dx, dy) to bring its neighbours into the picture.
 */
async function showAround(page: Page, stepId: string, dx: number, dy = 0): Promise<void> {
  await page.getByLabel('Aller à l’étape').selectOption(stepId);
  await expect(page.getByRole('heading', { name: `Étape ${stepId}` })).toBeVisible();
  // The mouse works in the window: the graph must be in it (an issue clicked below may have scrolled the page).
  await page.evaluate('window.scrollTo(0, 0)');
  const graph = page.locator('.graph');
  const node = page.locator(`.react-flow__node[data-id="${stepId}"]`);
  const offCentre = async () => {
    const [g, n] = [await graph.boundingBox(), await node.boundingBox()];
    return g && n ? Math.abs(n.x + n.width / 2 - (g.x + g.width / 2)) + Math.abs(n.y + n.height / 2 - (g.y + g.height / 2)) : Infinity;
  };
  await expect.poll(offCentre).toBeLessThan(4);
  const box = (await graph.boundingBox())!;
  await page.mouse.move(box.x + 24, box.y + 24);
  await page.mouse.down();
  await page.mouse.move(box.x + 24 + dx, box.y + 24 + dy, { steps: 8 });
  await page.mouse.up();
  await expect.poll(offCentre).toBeGreaterThan(Math.hypot(dx, dy) - 4);
}

/**
 * Plays to the end pressing the answer `pick` chooses at each step; after each key it waits for
 * the next step or the end (the end screen may come a moment after the last step leaves).
 */
async function playToEnd(page: Page, end: Locator, pick: (count: number) => number): Promise<void> {
  const heading = page.locator('#step-heading');
  for (let i = 0; i < 40; i++) {
    await expect(end.or(heading).first()).toBeVisible();
    if (await end.isVisible()) return;
    const before = await heading.textContent();
    await page.keyboard.press(String(pick(await page.locator('.choices button').count())));
    await expect.poll(async () => (await end.isVisible()) || (await heading.textContent({ timeout: 500 }).catch(() => null)) !== before).toBe(true);
  }
  throw new Error('the encounter did not end within 40 decisions');
}

test('the trainer studio, in French', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the pictures come from browser mode');
  test.setTimeout(240_000);
  const { page } = app;
  await page.setViewportSize(studioSize);
  const colis = 'Retour d’un colis abîmé';
  await openStudio(page, true);
  await createFromTemplate(page, colis);

  // 15: a step selected, its side form beside the graph.
  await showAround(page, 'accueil', -250);
  await shootStudio(page, '15-studio-editor');

  // 16: a new step after « besoin » has neither choices nor an ending: a dead end, found from the check.
  await page.getByLabel('Aller à l’étape').selectOption('besoin');
  await page.getByLabel('Phase de la nouvelle étape').selectOption('influence');
  await page.getByRole('button', { name: 'Nouvelle étape après besoin' }).click();
  const newId = (await page.getByRole('heading', { name: /^Étape / }).textContent())!.replace(/^Étape /, '');
  const line = page.getByRole('group', { name: 'Réplique du client' });
  await line.getByLabel(/^FR/).fill('Et si le colis est abîmé à l’intérieur, vous faites comment\u202f?');
  await line.getByLabel(/^EN/).fill('And if the parcel is damaged inside, what do you do?');
  const deadEnd = page.getByRole('button', { name: new RegExp(`Impasse : l’étape « ${newId} »`) });
  await expect(deadEnd).toBeVisible();
  await deadEnd.click();
  await expect(page.locator(`.react-flow__node[data-id="${newId}"] .badge.err`)).toBeVisible();
  await shootStudio(page, '16-studio-dead-end', true);
  // Undo, as many times as it took (the lines typed, then the new step): the template checks clean.
  const undo = page.getByRole('toolbar').getByRole('button', { name: 'Annuler', exact: true });
  const node = page.locator(`.react-flow__node[data-id="${newId}"]`);
  for (let i = 0; i < 5 && (await node.count()) > 0; i++) await undo.click();
  await expect(node).toHaveCount(0);
  await expect(page.locator('.lint-summary')).toHaveText('Aucun problème trouvé.');

  // 17: the score ranges, the best path drawn on the graph.
  await page.getByLabel('Surligner le meilleur chemin sur le graphe').check();
  // « Réorganiser » saves every step's place, so that moving one below leaves the others where they are.
  await page.getByRole('button', { name: 'Réorganiser' }).click();
  await showAround(page, 'proposition', -40);
  await expect(page.locator('.react-flow__edge.edge-highlight').first()).toBeAttached();
  // Side by side, a choice's label covers the whole edge: moved down a little, the step shows the path bend in and out.
  const head = (await page.locator('.react-flow__node[data-id="proposition"] .node-id').boundingBox())!;
  await page.mouse.move(head.x + head.width / 2, head.y + head.height / 2);
  await page.mouse.down();
  await page.mouse.move(head.x + head.width / 2, head.y + head.height / 2 + 120, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByRole('toolbar').getByRole('button', { name: 'Annuler', exact: true })).toHaveAttribute('title', /étapes déplacées/);
  await shootStudio(page, '17-studio-score-ranges', true);
  for (let i = 0; i < 2; i++) await page.getByRole('toolbar').getByRole('button', { name: 'Annuler', exact: true }).click();
  await page.getByLabel('Surligner le meilleur chemin sur le graphe').uncheck();

  // 18: a playtest from « besoin », one decision in: its feedback and the next step.
  await page.getByLabel('Aller à l’étape').selectOption('besoin');
  await page.getByRole('toolbar').getByRole('button', { name: 'Tester depuis ici' }).click();
  await page.getByLabel('Patience').fill('60');
  await page.getByRole('button', { name: 'Jouer' }).click();
  await expect(page.locator('.playtest .step-ref code')).toHaveText('besoin');
  await page.locator('.playtest .choices button').first().click();
  await expect(page.locator('.playtest .feedback')).toBeVisible();
  await shootStudio(page, '18-studio-playtest');

  // 20: find & replace across French and English texts.
  await page.getByRole('button', { name: 'Rechercher et remplacer' }).click();
  await page.getByLabel('Rechercher', { exact: true }).fill('dossier');
  await page.getByLabel('Remplacer par').fill('bon de retour');
  await expect(page.getByRole('button', { name: /^Tout remplacer \(\d+\)$/ })).toBeVisible();
  await shootStudio(page, '20-studio-find-replace');
  await page.keyboard.press('Control+s');
  await expect(page.locator('.save-state')).toHaveText('Toutes les modifications sont enregistrées');

  // 14: the library with built-ins, a draft and a published, assigned scenario.
  await page.getByRole('button', { name: '← Bibliothèque' }).click();
  await createFromTemplate(page, 'Ouverture d’un forfait mobile');
  // 22: an automatic transition in the scenario's settings, its condition a combination of two tests.
  await page.getByRole('button', { name: 'Réglages du scénario' }).click();
  await page.getByRole('button', { name: 'Ajouter une transition' }).click();
  const transition = page.getByRole('group', { name: 'Transition 1 (transition-1)' });
  const when = transition.getByRole('group', { name: 'Quand', exact: true });
  await when.getByLabel('Condition', { exact: true }).first().selectOption({ label: 'L’une de ces conditions…' });
  await when.getByRole('button', { name: 'Ajouter une condition' }).click();
  const second = when.getByRole('group', { name: 'Condition 2' });
  await second.getByLabel('Jauge').selectOption({ label: 'Humeur' });
  await second.getByLabel('Comparaison').selectOption({ label: 'au plus' });
  await second.getByLabel('Valeur').fill('15');
  await expect(page.locator('.lint-summary')).toHaveText('Aucun problème trouvé.');
  // The side panel scrolls to the transition; the window goes back to the top, the graph in view.
  await page.getByRole('heading', { name: 'Transitions automatiques' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.evaluate('window.scrollTo(0, 0)');
  await shootStudio(page, '22-studio-transitions');
  await page.getByRole('button', { name: '← Bibliothèque' }).click();
  await page.getByRole('button', { name: `Publier « ${colis} »` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'publié : version 1' })).toBeVisible();
  await page.getByLabel(`Assigner « ${colis} » aux stagiaires`).check();
  await expect(page.getByRole('status').filter({ hasText: 'est désormais assigné' })).toBeVisible();
  await shootStudio(page, '14-studio-library', true);

  // 19: a Twine story checked before it is accepted, with what could not be taken over.
  await page.getByLabel('Fichier à importer').setInputFiles('tests/fixtures/twee/hotel.twee');
  await expect(page.getByRole('heading', { name: 'Ce qui n’a pas pu être repris de Twine' })).toBeVisible();
  await page.getByRole('heading', { name: 'Importer un scénario' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.mouse.wheel(0, -40);
  await shootStudio(page, '19-studio-twee-import');
  await page.getByRole('button', { name: 'Annuler', exact: true }).click();
  await page.getByRole('button', { name: 'Verrouiller et quitter' }).click();

  // Three trainees play the published scenario, each their own way.
  for (const [name, pick] of [['Awa Diallo', (n: number) => Math.min(1, n)], ['Léo Martin', (n: number) => n], ['Inès Moreau', (n: number) => Math.min(2, n)]] as const) {
    await page.getByLabel('Nom affiché').fill(name);
    await page.getByRole('button', { name: 'Créer mon profil' }).click();
    await page.getByRole('button', { name: new RegExp(`Découvrir : ${colis}`) }).click();
    await page.getByRole('radio', { name: /Sans minutage/ }).check();
    await page.getByRole('button', { name: 'Commencer la rencontre' }).click();
    const end = page.getByRole('button', { name: 'Voir le débriefing' });
    await playToEnd(page, end, pick);
    await end.click();
    await expect(page.getByText('Chaque décision, et pourquoi')).toBeVisible();
    await page.getByRole('navigation').getByRole('button', { name: 'Changer de profil' }).click();
  }

  // 21: where the trainees went, on the graph.
  await openStudio(page, false);
  await page.getByRole('button', { name: `Modifier « ${colis} »` }).click();
  await expect(page.getByRole('heading', { level: 1, name: colis })).toBeVisible();
  await page.getByRole('button', { name: 'Parcours des stagiaires' }).click();
  await expect(page.locator('.badge.cohort').first()).toBeAttached();
  await showAround(page, 'fidelisation', -120, -130);
  await shootStudio(page, '21-studio-cohort');
});
