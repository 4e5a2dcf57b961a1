import { describe, expect, it } from 'vitest';
import fr from './locales/fr.json';
import en from './locales/en.json';
import { frenchTypographyProblem } from '../../scenarios/format/typography';

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));

describe('the interface catalogues', () => {
  it('have the same keys in French and English', () => {
    expect(leaves(fr as Tree).map(([k]) => k).sort()).toEqual(leaves(en as Tree).map(([k]) => k).sort());
  });

  it('follow French typography in French', () => {
    const problems = leaves(fr as Tree).map(([k, v]) => [k, frenchTypographyProblem(v.replace(/\{\{\w+\}\}/g, '0'), 'en')?.what]).filter(([, p]) => p);
    expect(problems).toEqual([]);
  });

  it('never leave a placeholder untranslated between languages', () => {
    const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort().join();
    const english = new Map(leaves(en as Tree));
    for (const [k, v] of leaves(fr as Tree)) expect(placeholders(english.get(k) ?? ''), k).toBe(placeholders(v));
  });
});
