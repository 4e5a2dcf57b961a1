// The column list and docs/EXPORTS.md agree: every header and every coded value's words are
// documented in both languages, and headers are unique within a table.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TABLES, BOOLEAN_LABELS } from './columns';

const doc = readFileSync(new URL('../../docs/EXPORTS.md', import.meta.url), 'utf8');
/** The markdown table rows of one section of the guide. */
const section = (title: string) => {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/EXPORTS.md has no section "${title}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};
const SECTIONS = { attempts: 'Attempts', phases: 'Per-phase scores', decisions: 'Decisions' } as const;

describe('docs/EXPORTS.md', () => {
  for (const table of Object.values(TABLES)) {
    it(`documents every column of the ${table.name} table, in order, with its French and English headers`, () => {
      const rows = section(SECTIONS[table.name]).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| French') && !l.startsWith('| ---'));
      expect(rows.map((l) => l.split(' | ').slice(0, 2).map((c) => c.replace(/^\| /, '')))).toEqual(table.columns.map((c) => [c.header.fr, c.header.en]));
    });

    it(`gives the ${table.name} table unique headers in each language`, () => {
      for (const lang of ['fr', 'en'] as const) expect(new Set(table.columns.map((c) => c.header[lang])).size).toBe(table.columns.length);
    });
  }

  it('lists every coded value with its French and English words', () => {
    const coded = section('Coded values');
    const labels = [...Object.values(TABLES).flatMap((t) => t.columns.flatMap((c) => Object.entries(c.labels ?? {}))), ...Object.entries(BOOLEAN_LABELS)];
    for (const [code, words] of labels) expect(coded, code).toContain(`| \`${code}\` | ${words.fr} | ${words.en} |`);
  });
});
