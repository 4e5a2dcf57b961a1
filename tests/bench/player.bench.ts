// 5. Player: from a choice's keydown to the next animation frame after the customer's next line
// is on screen, in Chromium, on the real app in browser mode (main/start.ts on a fresh data
// folder, through tests/e2e/harness.ts). Each choice goes through the real write-ahead path:
// the renderer sends it, main checks it, writes it to disk and only then does the screen change.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { launchApp, launchBrowser } from '../e2e/harness';
import { defaultLibraryDir, loadLibrary } from '../../main/library';
import { analyseScenario } from '../../scenarios/engine/analysis';
import { compile } from '../../scenarios/engine/compile';
import { currentStep, decide, initialState, offeredChoices } from '../../scenarios/engine/rules';
import type { Scenario } from '../../scenarios/format/schema';
import { formatMs, summarise } from './stats';
import { judge, type Bench, type BenchResult } from './types';

interface Plan {
  readonly title: string;
  /** Keys to press, 1-based positions among the offered choices, along the optimal path. */
  readonly digits: number[];
}

/** The optimal path of a scenario as digit keys (the trainee's best play), or undefined if it needs a timeout. */
function planOf(scenario: Scenario): Plan | undefined {
  const path = analyseScenario(scenario, 'fr').figures?.optimal.choices;
  if (!path) return undefined;
  const compiled = compile(scenario);
  let state = initialState(compiled);
  const digits: number[] = [];
  for (const choiceId of path) {
    const index = offeredChoices(currentStep(compiled, state), state).findIndex((c) => c.id === choiceId);
    if (index < 0 || index > 8) return undefined;
    digits.push(index + 1);
    state = decide(compiled, state, { kind: 'choice', choiceId, hesitationMs: 0 }, 'normal').state;
  }
  return state.end ? { title: scenario.title.fr ?? scenario.title[scenario.mainLanguage] ?? scenario.id, digits } : undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text as a pattern that tolerates any kind of space (French typography uses non-breaking ones). */
const loosely = (s: string) => escapeRegExp(s.trim()).replace(/\s+/g, '\\s+');

// In-page scripts, as strings: the tests' TypeScript configuration has no DOM library.
/** Arms one measurement: keydown time, then the first frame after #step-heading's text changed. */
const ARM = `(() => {
  const heading = () => document.querySelector('#step-heading')?.textContent ?? '';
  const before = heading();
  window.__comptoirBench = new Promise((resolve) => {
    let t0;
    let settled = false;
    const observer = new MutationObserver(() => {
      if (t0 === undefined || heading() === before) return;
      const changed = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => {
        const painted = performance.now();
        // The decision's round trip to main, from the resource timing of its request.
        const call = performance.getEntriesByType('resource').filter((r) => r.name.includes('decide') && r.startTime >= t0).pop();
        performance.clearResourceTimings();
        finish({ ms: painted - t0, call: call ? { before: call.startTime - t0, trip: call.responseEnd - call.startTime, render: changed - call.responseEnd, frame: painted - changed } : undefined });
      });
    });
    const timer = setTimeout(() => finish({ timeout: true }), 10000);
    const finish = (value) => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      clearTimeout(timer);
      resolve(value);
    };
    window.addEventListener('keydown', (e) => { t0 = e.timeStamp > 0 && e.timeStamp <= performance.now() ? e.timeStamp : performance.now(); }, { capture: true, once: true });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return true;
})()`;
const RESULT = 'window.__comptoirBench';

/** Where a choice's time goes: before the request leaves, the round trip to main, the reply to the new line in the DOM, then to the next frame. */
interface Split { readonly before: number; readonly trip: number; readonly render: number; readonly frame: number }

async function playDigit(page: Page, digit: number): Promise<{ ms: number; call: Split | undefined } | undefined> {
  await page.evaluate(ARM);
  await page.keyboard.press(String(digit));
  const result = (await page.evaluate(RESULT)) as { ms?: number; call?: Split; timeout?: boolean };
  return result.ms === undefined ? undefined : { ms: result.ms, call: result.call };
}

/** From the start screen (profile chosen) into the player: the scenario's card, then the briefing if there is one. */
async function startAttempt(page: Page, plan: Plan): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^(Jouer|Découvrir)\\s*:\\s*${loosely(plan.title)}$`) }).click();
  const begin = page.getByRole('button', { name: 'Commencer la rencontre' });
  const heading = page.locator('#step-heading');
  await begin.or(heading).first().waitFor();
  if (await begin.isVisible()) await begin.click();
  await heading.waitFor();
}

/** From the end of an encounter back to the start screen (through the debrief where there is one). */
async function backHome(page: Page): Promise<void> {
  const debrief = page.getByRole('button', { name: 'Voir le débriefing' });
  const home = page.getByRole('button', { name: 'Retour à l’accueil' });
  await debrief.or(home).first().waitFor();
  if (await debrief.isVisible()) await debrief.click();
  await home.click();
  await page.getByRole('button', { name: /^(Jouer|Découvrir)\s*:/ }).first().waitFor();
}

export const playerBench: Bench = {
  id: 'player',
  title: '5. Player: choice → next customer line painted (Chromium, browser mode)',
  async run(ctx): Promise<BenchResult> {
    const wanted = ctx.quick ? 40 : 200;
    if (!existsSync(join(ctx.root, 'dist/renderer/index.html'))) {
      ctx.log('dist/renderer is missing: npm run build:renderer…');
      const build = spawnSync('npm', ['run', '-s', 'build:renderer'], { cwd: ctx.root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build:renderer failed');
    }
    const library = await loadLibrary(defaultLibraryDir());
    const plans = [...library.values()].map((e) => planOf(e.scenario)).filter((p): p is Plan => p !== undefined);
    if (plans.length === 0) throw new Error('no library scenario can be played by keys alone');

    const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-player-'));
    const browser = await launchBrowser();
    const chromium = browser.version();
    const samples: number[] = [];
    const calls: Split[] = [];
    let attempts = 0;
    let retried = 0;
    try {
      const app = await launchApp({ dataDir, browser, locale: 'fr' });
      try {
        const { page } = app;
        await page.getByLabel('Nom affiché').fill('Banc d’essai');
        await page.getByRole('button', { name: 'Créer mon profil' }).click();
        await page.getByRole('button', { name: /^(Jouer|Découvrir)\s*:/ }).first().waitFor();
        // The first attempt warms the page, the server and the disk up; it is not counted.
        for (let round = 0; samples.length < wanted; round++) {
          const plan = plans[round % plans.length]!;
          await startAttempt(page, plan);
          attempts++;
          for (const digit of plan.digits) {
            // A human pace between choices (not measured), so each step's key handler is in place.
            await page.waitForTimeout(40);
            let measured = await playDigit(page, digit);
            if (measured === undefined) {
              retried++;
              measured = await playDigit(page, digit);
              if (measured === undefined) throw new Error(`“${plan.title}”: the customer’s line did not change within 10 s of pressing ${digit}`);
            }
            if (round > 0 && samples.length < wanted) {
              samples.push(measured.ms);
              if (measured.call !== undefined) calls.push(measured.call);
            }
          }
          await backHome(page);
        }
      } finally {
        await app.close();
      }
    } finally {
      await browser.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const s = summarise(samples);
    return {
      measurements: [
        { measure: `choice → next line painted (${samples.length} choices over ${attempts - 1} attempts)`, summary: s },
        ...(calls.length > 0
          ? [
            { measure: '… keydown → the attempts:decide request leaves the renderer', summary: summarise(calls.map((c) => c.before)) },
            { measure: '… the attempts:decide round trip (main checks, scores the log, writes to disk)', summary: summarise(calls.map((c) => c.trip)) },
            { measure: '… reply → the new line in the DOM (reading the reply, engine step, React render)', summary: summarise(calls.map((c) => c.render)) },
            { measure: '… the new line in the DOM → the next animation frame', summary: summarise(calls.map((c) => c.frame)) },
          ]
          : []),
      ],
      targets: [{ name: 'Player choice → next line painted', goal: 'p95 < 50 ms', measured: `p95 ${formatMs(s.p95)} (median ${formatMs(s.median)})`, verdict: judge(s.p95 < 50) }],
      notes: [
        `The real app in browser mode (node --import tsx main/start.ts --browser --no-open on a fresh data folder, the built dist/renderer) in Chromium ${chromium} (headless, ${'1366×768'}), French. A profile is created through the start screen; the library scenarios are played in turn along their optimal paths (${plans.length} scenarios, the briefing’s default timer mode), pressing digit keys at a human pace; the first attempt is a warm-up.`,
        'Measured in the page: from the keydown event’s time stamp to the first requestAnimationFrame callback after #step-heading’s text changed (MutationObserver). In between: the HTTP call to main, the engine’s check and the scoring of the log in main, the attempt file written and fsynced, the reply, the engine step and React’s render in the renderer.',
        ...(retried > 0 ? [`${retried} key press(es) had no effect within 10 s and were pressed again.`] : []),
      ],
      meta: { chromium },
    };
  },
};
