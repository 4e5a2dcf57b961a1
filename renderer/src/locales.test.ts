import { describe, expect, it } from 'vitest';
import fr from './locales/fr.json';
import en from './locales/en.json';
import studioFr from './studio/locales/fr.json';
import studioEn from './studio/locales/en.json';
import { frenchTypographyProblem } from '../../scenarios/format/typography';

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));

// The studio's strings load with the studio, under `studio.` (renderer/src/studio/i18n.ts).
const catalogues = { fr: { ...(fr as Tree), studio: studioFr as Tree }, en: { ...(en as Tree), studio: studioEn as Tree } };

describe('the interface catalogues (trainee, HR and studio)', () => {
  it('have the same keys in French and English', () => {
    expect(leaves(catalogues.fr).map(([k]) => k).sort()).toEqual(leaves(catalogues.en).map(([k]) => k).sort());
  });

  it('follow French typography in French', () => {
    const problems = leaves(catalogues.fr).map(([k, v]) => [k, frenchTypographyProblem(v.replace(/\{\{\w+\}\}/g, '0'), 'en')?.what]).filter(([, p]) => p);
    expect(problems).toEqual([]);
  });

  it('never leave a placeholder untranslated between languages', () => {
    const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort().join();
    const english = new Map(leaves(catalogues.en));
    for (const [k, v] of leaves(catalogues.fr)) expect(placeholders(english.get(k) ?? ''), k).toBe(placeholders(v));
  });
});
