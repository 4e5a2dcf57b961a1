// The trainer studio end to end, through the UI only: the PIN set on first use and a wrong one
// refused; a four-phase scenario created and extended; a dead end seen in the live check, found
// on the graph and fixed; a playtest from a middle step; the scenario exported (and the file lints
// clean with the CLI) and published to trainees; a Twee 3 story imported with its report; texts
// with HTML shown as text. axe on every studio screen.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, createProfile } from './fixtures';
import { axe } from './a11y';

const PIN = '730418';

async function enterStudio(page: Page, firstTime: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Espace formateur' }).click();
  if (firstTime) {
    await page.getByLabel('Nouveau code PIN').fill(PIN);
    await page.getByLabel('Confirmez le code PIN').fill(PIN);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('.recovery-code code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await page.getByRole('button', { name: 'J’ai noté ce code, continuer' }).click();
  } else {
    await page.getByLabel('Code PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Scénarios', exact: true })).toBeVisible();
}

const lintSummary = (page: Page) => page.locator('.lint-summary');

test('a trainer creates a four-phase scenario, fixes a dead end, playtests from a middle step, exports and publishes it', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'downloads go through browser mode');
  test.setTimeout(120_000);
  const { page } = app;
  await enterStudio(page, true);
  await axe(page, 'studio library');

  await page.getByLabel('Titre', { exact: true }).fill('Retour d’un colis abîmé');
  await page.getByRole('button', { name: 'Créer et ouvrir' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Retour d’un colis abîmé' })).toBeVisible();
  // The template has the four phases and checks clean.
  for (const lane of ['Séduction (rapport)', 'Influence (besoins, proposition)', 'Prestation (engagements)', 'Ancrage (fidélisation)']) {
    await expect(page.locator('.lane-label', { hasText: lane })).toBeVisible();
  }
  await expect(lintSummary(page)).toHaveText('Aucun problème trouvé.');
  await axe(page, 'studio editor');

  // A new step after the first one, from the keyboard: it has neither choices nor an ending.
  const first = await page.locator('#goto-step option').nth(1).getAttribute('value');
  await page.getByLabel('Aller à l’étape').selectOption(first!);
  await page.getByLabel('Phase de la nouvelle étape').selectOption('influence');
  await page.getByRole('button', { name: `Nouvelle étape après ${first!}` }).click();
  await expect(page.getByRole('heading', { name: /^Étape / })).toBeVisible();
  const stepHeading = await page.getByRole('heading', { name: /^Étape / }).textContent();
  const newId = stepHeading!.replace(/^Étape /, '');
  const line = page.getByRole('group', { name: 'Réplique du client' });
  await line.getByLabel(/^FR/).fill('Et pour mon colis, vous proposez quoi ?');
  await line.getByLabel(/^EN/).fill('And what about my parcel?');
  await expect(lintSummary(page)).toContainText('1 erreur(s)');
  // French typography is checked as the trainer types, and fixed in one click.
  await page.getByRole('button', { name: /^Corriger la typographie de Étape/ }).click();
  await expect(line.getByLabel(/^FR/)).toHaveValue('Et pour mon colis, vous proposez quoi\u202f?');
  const deadEnd = page.getByRole('button', { name: new RegExp(`Impasse : l’étape « ${newId} »`) });
  await expect(deadEnd).toBeVisible();
  await page.getByRole('button', { name: 'Réglages du scénario' }).click();
  await deadEnd.click();
  await expect(page.getByRole('heading', { name: `Étape ${newId}` })).toBeVisible();
  await expect(page.locator(`.react-flow__node[data-id="${newId}"] .badge.err`)).toBeVisible();
  // Fixed by making it an ending; undo brings the error back, redo fixes it again.
  await page.getByLabel('Cette étape termine la rencontre').selectOption('passive');
  await expect(lintSummary(page)).toContainText('0 erreur(s)');
  await page.keyboard.press('Control+z');
  await expect(lintSummary(page)).toContainText('1 erreur(s)');
  await page.keyboard.press('Control+y');
  await expect(lintSummary(page)).toContainText('0 erreur(s)');
  // The choice that leads to the new step was written in French only: translate it.
  await page.getByLabel('Aller à l’étape').selectOption(first!);
  const choice = page.getByRole('group', { name: /^Choix \d+ / }).last();
  await choice.getByRole('group', { name: 'Ce que dit ou fait le stagiaire' }).getByLabel(/^EN/).fill('Ask about the parcel');
  await choice.getByRole('group', { name: 'Retour au stagiaire' }).getByLabel(/^EN/).fill('Asking opens the influence phase.');
  await expect(lintSummary(page)).toContainText('0 erreur(s), 0 avertissement(s)');
  await page.keyboard.press('Control+s');
  await expect(page.locator('.save-state')).toHaveText('Toutes les modifications sont enregistrées');

  // Playtest from a middle step with chosen meters.
  const middle = await page.locator('#goto-step option').nth(4).getAttribute('value');
  await page.getByLabel('Aller à l’étape').selectOption(middle!);
  await page.getByRole('button', { name: 'Tester depuis ici' }).first().click();
  await page.getByLabel('Patience').fill('80');
  await page.getByRole('button', { name: 'Jouer' }).click();
  await expect(page.locator('.playtest .step-ref code')).toHaveText(middle!);
  await axe(page, 'studio playtest');
  for (let i = 0; i < 20 && !(await page.locator('.playtest .ending').isVisible()); i++) {
    await page.locator('.playtest .choices button').first().click();
  }
  await expect(page.locator('.playtest .ending')).toContainText('Fin de la rencontre');

  // Back to the library: export (the file lints clean with the CLI), publish, assign.
  await page.getByRole('button', { name: '← Bibliothèque' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter « Retour d’un colis abîmé » en .json' }).click();
  const file = (await (await download).path())!;
  const text = readFileSync(file, 'utf8');
  expect(JSON.parse(text)).toMatchObject({ title: { fr: 'Retour d’un colis abîmé' } });
  expect(text.endsWith('}\n')).toBe(true);
  const copy = join(mkdtempSync(join(tmpdir(), 'comptoir-export-')), 'export.json');
  writeFileSync(copy, text);
  const lint = execFileSync(process.execPath, ['--import', 'tsx', 'scenarios/cli.ts', 'lint', copy, '--json'], { encoding: 'utf8' });
  const report = JSON.parse(lint) as { files: { diagnostics: { severity: string }[] }[] } | { diagnostics: { severity: string }[] }[];
  expect(JSON.stringify(report)).not.toContain('"severity":"error"');
  expect(JSON.stringify(report)).not.toContain('"severity":"warning"');

  await page.getByRole('button', { name: 'Publier « Retour d’un colis abîmé »' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'publié : version 1' })).toBeVisible();
  await page.getByLabel('Assigner « Retour d’un colis abîmé » aux stagiaires').check();
  await expect(page.getByLabel('Assigner « Retour d’un colis abîmé » aux stagiaires')).toBeChecked();
  await page.getByRole('button', { name: 'Verrouiller et quitter' }).click();

  // A trainee sees it.
  await createProfile(app, 'Noé Laurent');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Retour d’un colis abîmé' }) });
  await expect(card).toContainText('Assigné par votre formateur');
  await expect(page.locator('.cards .card').first()).toContainText('Retour d’un colis abîmé');
});

test('a wrong trainer PIN is refused; a Twee 3 story is imported with its report; HTML in texts stays text', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'file inputs go through browser mode');
  test.setTimeout(90_000);
  const { page } = app;
  await enterStudio(page, true);
  await page.getByRole('button', { name: 'Verrouiller et quitter' }).click();
  await page.getByRole('button', { name: 'Espace formateur' }).click();
  await page.getByLabel('Code PIN', { exact: true }).fill('111999');
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(page.getByRole('alert')).toContainText(/Encore 2 essais/);
  await page.getByLabel('Code PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(page.getByRole('heading', { name: 'Scénarios', exact: true })).toBeVisible();

  await page.getByLabel('Fichier à importer').setInputFiles('tests/fixtures/twee/hotel.twee');
  await expect(page.getByRole('region', { name: 'Vérification de hotel.twee' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ce qui n’a pas pu être repris de Twine' })).toBeVisible();
  await axe(page, 'studio import preview');
  await page.getByRole('button', { name: 'Importer comme brouillon' }).click();
  const nodes = page.locator('.react-flow__node-step');
  await expect(nodes.first()).toBeVisible();
  // Dragging from a step's handle onto empty space creates a step and the choice leading to it.
  // (The graph draws only the nodes in view: count the steps in « Aller à l’étape ».)
  const steps = page.locator('#goto-step option');
  const before = await steps.count();
  const handle = nodes.first().locator('.react-flow__handle.source');
  // The graph fits itself to the view once its nodes are measured: wait until the handle stays put.
  await expect(lintSummary(page)).not.toHaveText('Vérification en cours…');
  let from = (await handle.boundingBox())!;
  await expect.poll(async () => {
    const now = (await handle.boundingBox())!;
    const still = now.x === from.x && now.y === from.y;
    from = now;
    return still;
  }, { intervals: [250] }).toBe(true);
  // Somewhere empty on the pane (not on a node, an edge label or the minimap).
  const empty = (await page.evaluate(`(() => {
    const box = document.querySelector('.react-flow').getBoundingClientRect();
    for (let y = box.top + 40; y < box.bottom - 40; y += 20) {
      for (let x = box.left + box.width / 2; x < box.right - 230; x += 20) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return undefined;
  })()`)) as { x: number; y: number } | undefined;
  expect(empty).toBeDefined();
  await handle.hover();
  await page.mouse.down();
  await page.mouse.move(empty!.x, empty!.y, { steps: 12 });
  await page.mouse.up();
  await expect(steps).toHaveCount(before + 1);
  await expect(page.getByRole('heading', { name: /^Étape / })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(steps).toHaveCount(before);
  await page.getByRole('button', { name: '← Bibliothèque' }).click();

  // A scenario from elsewhere whose texts carry markup and script: shown as text, never run.
  const hostile = JSON.parse(readFileSync('scenarios/library/hotel-client-mystere.json', 'utf8')) as { id: string; title: { fr: string; en?: string }; steps: { customer: { line: { fr?: string } } }[] };
  hostile.id = 'piege';
  hostile.title = { fr: '<img src=x onerror="window.__pwned=1">Piège', en: 'Trap' };
  hostile.steps[0]!.customer.line.fr = '<script>window.__pwned=2</script><b>gras</b>';
  await page.getByLabel('Fichier à importer').setInputFiles({ name: 'piege.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  await page.getByRole('button', { name: 'Importer comme brouillon' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('<img src=x onerror="window.__pwned=1">Piège');
  await expect(page.locator('.react-flow__node-step').filter({ hasText: '<script>window.__pwned=2</script><b>gras</b>' })).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('.studio-editor img, .studio-editor script, .studio-editor b').count()).toBe(0);
});

test('a trainer adds an automatic transition with a combined condition from the scenario settings, and the playtest takes it', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'downloads go through browser mode');
  test.setTimeout(90_000);
  const { page } = app;
  await enterStudio(page, true);
  await page.getByLabel('Titre', { exact: true }).fill('Transitions');
  await page.getByRole('button', { name: 'Créer et ouvrir' }).click();
  await expect(lintSummary(page)).toHaveText('Aucun problème trouvé.');

  await page.getByRole('button', { name: 'Réglages du scénario' }).click();
  await page.getByRole('button', { name: 'Ajouter une transition' }).click();
  const transition = page.getByRole('group', { name: 'Transition 1 (transition-1)' });
  await transition.getByLabel('Aller à l’étape').selectOption('fin-passif');
  // « When »: all of (patience at most 40) and (not: mood at least 90).
  const when = transition.getByRole('group', { name: 'Quand', exact: true });
  await when.getByLabel('Condition', { exact: true }).first().selectOption({ label: 'Toutes ces conditions…' });
  const first = when.getByRole('group', { name: 'Condition 1' });
  await expect(first.getByLabel('Comparaison')).toHaveValue('lte');
  await first.getByLabel('Valeur').fill('40');
  await when.getByRole('button', { name: 'Ajouter une condition' }).click();
  const second = when.getByRole('group', { name: 'Condition 2' });
  await second.getByLabel('Condition', { exact: true }).first().selectOption({ label: 'Le contraire de…' });
  const negated = second.getByRole('group', { name: 'Le contraire de', exact: true });
  await negated.getByLabel('Jauge').selectOption({ label: 'Humeur' });
  await negated.getByLabel('Valeur').fill('90');
  // Only after decisions in séduction: the last phase ticked cannot be unticked.
  const phases = transition.getByRole('group', { name: 'Seulement après une décision en' });
  for (const phase of ['Influence (besoins, proposition)', 'Prestation (engagements)', 'Ancrage (fidélisation)']) await phases.getByLabel(phase).uncheck();
  await expect(phases.getByLabel('Séduction (rapport)')).toBeDisabled();
  await expect(lintSummary(page)).toHaveText('Aucun problème trouvé.');
  await axe(page, 'studio scenario settings with a transition');

  // Played from the first step: at patience 30 the first decision ends the encounter at « fin-passif »…
  await page.getByLabel('Aller à l’étape').first().selectOption('accueil');
  await page.getByRole('button', { name: 'Tester depuis ici' }).first().click();
  await page.locator('.playtest').getByLabel('Patience').fill('30');
  await page.getByRole('button', { name: 'Jouer' }).click();
  await expect(page.locator('.playtest .step-ref code')).toHaveText('accueil');
  await page.locator('.playtest .choices button').first().click();
  await expect(page.locator('.playtest .ending')).toContainText('(étape fin-passif)');
  await page.getByRole('button', { name: 'Arrêter le test' }).click();
  // …at patience 80 it goes on to the choice's own next step.
  await page.locator('.playtest').getByLabel('Patience').fill('80');
  await page.getByRole('button', { name: 'Jouer' }).click();
  await page.locator('.playtest .choices button').first().click();
  await expect(page.locator('.playtest .step-ref code')).not.toHaveText('accueil');
  await expect(page.locator('.playtest .ending')).toHaveCount(0);

  // The exported file holds the transition as built.
  await page.keyboard.press('Control+s');
  await expect(page.locator('.save-state')).toHaveText('Toutes les modifications sont enregistrées');
  await page.getByRole('button', { name: '← Bibliothèque' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter « Transitions » en .json' }).click();
  const exported = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { transitions: unknown[] };
  expect(exported.transitions).toEqual([{
    id: 'transition-1',
    when: { all: [{ meter: 'patience', op: 'lte', value: 40 }, { not: { meter: 'mood', op: 'gte', value: 90 } }] },
    to: 'fin-passif',
    phases: ['seduction'],
  }]);
});
