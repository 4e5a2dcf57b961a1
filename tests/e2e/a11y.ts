// The accessibility check every spec runs on its screens: axe with the WCAG 2.2 AA tags, no serious
// or critical violation, once running animations have ended.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Lets running CSS animations and transitions end first: axe reads colours as painted, so a
 *  line caught mid fade-in would be judged on its half-transparent frame, not on what is seen. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(`Promise.race([
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
    new Promise((done) => setTimeout(done, 2000)),
  ]).then(() => true)`);
}

export async function axe(page: Page, screen: string): Promise<void> {
  await settle(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}
