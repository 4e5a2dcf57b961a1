import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { loadScenario, MAX_SCENARIO_BYTES } from './parse';
import { migrate, MIGRATIONS } from './migrations';
import { scenarioJsonSchemaText } from './jsonSchema';
import { FORMAT_VERSION } from './schema';
import { frenchTypographyProblem, fixFrenchTypography } from './typography';
import { GLOSSARY, THEORY_IDS } from './glossary';

const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/scenarios/${name}`, import.meta.url), 'utf8');
const library = new URL('../library/', import.meta.url);
const example = readFileSync(new URL('exemple-guichet-banque.json', library), 'utf8');

describe('the JSON Schema', () => {
  const checkedIn = readFileSync(new URL('scenario.schema.json', import.meta.url), 'utf8');

  it('is up to date with the zod schema (run `npm run scenario -- schema > scenarios/format/scenario.schema.json`)', () => {
    expect(checkedIn).toBe(scenarioJsonSchemaText());
  });

  it('accepts every library scenario and rejects a broken one', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(checkedIn) as object);
    for (const file of readdirSync(library).filter((f) => f.endsWith('.json'))) {
      expect(validate(JSON.parse(readFileSync(new URL(file, library), 'utf8'))), file).toBe(true);
    }
    const broken = JSON.parse(example) as { steps: { phase: string }[] };
    broken.steps[0]!.phase = 'closing';
    expect(validate(broken)).toBe(false);
  });
});

describe('loading a scenario file', () => {
  it('parses a valid file and fills the defaults (seed 003 values, cold-influence threshold 50)', () => {
    const { scenario, diagnostics } = loadScenario(example, 'fr');
    expect(diagnostics).toEqual([]);
    expect(scenario?.rules.outcomeValues).toEqual({ prescriber: 500, passive: 300, lost: 0 });
    expect(scenario?.rules.coldInfluence.trustBelow).toBe(50);
  });

  it('reads bytes with a BOM', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${example}`);
    expect(loadScenario(bytes).scenario?.id).toBe('exemple-guichet-banque');
  });

  const only = (source: string | Uint8Array, lang: 'fr' | 'en' = 'en') => {
    const { scenario, diagnostics } = loadScenario(source, lang);
    expect(scenario).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    return diagnostics[0]!;
  };

  it('says an empty file is empty', () => {
    expect(only('')).toMatchObject({ code: 'file.empty', line: 1, column: 1 });
    expect(only('  \n \n')).toMatchObject({ code: 'file.empty' });
  });

  it('refuses binary content and invalid UTF-8', () => {
    expect(only(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]))).toMatchObject({ code: 'file.binary' });
    expect(only('{"a":\u0000}')).toMatchObject({ code: 'file.binary', column: 6 });
  });

  it('refuses a 50 MB file at once, with its size', () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    const d = only(big);
    expect(d.code).toBe('file.too-large');
    expect(d.message).toContain('50.0 MB');
    expect(big.byteLength).toBeGreaterThan(MAX_SCENARIO_BYTES);
  });

  it('refuses 10,000-deep nesting without overflowing the stack, pointing at the first bracket too deep', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(only(deep)).toMatchObject({ code: 'file.too-deep', line: 1, column: 65 });
    const deepObject = `{"steps":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    expect(only(deepObject).code).toBe('file.too-deep');
  });

  it('locates a JSON syntax error', () => {
    expect(only('{\n  "id": "x",\n  "version": 1,,\n}')).toMatchObject({ code: 'json.syntax', line: 3, column: 16 });
  });

  it('wants an object', () => {
    expect(only('[1, 2]')).toMatchObject({ code: 'json.not-object' });
  });

  it('asks to update Comptoir for a file from a newer version, in French and English', () => {
    const newer = example.replace('"formatVersion": 1', '"formatVersion": 7');
    expect(only(newer, 'fr').message).toContain('veuillez mettre Comptoir à jour');
    const d = only(newer, 'en');
    expect(d.message).toContain('please update Comptoir');
    expect(d).toMatchObject({ code: 'format.newer', line: 3, column: 3 });
  });

  it('refuses a formatVersion that is not a whole number', () => {
    expect(only(example.replace('"formatVersion": 1', '"formatVersion": "one"')).code).toBe('format.bad-version');
  });

  it('reports schema errors at the offending line, in the chosen language', () => {
    const bad = example.replace('"emotion": "worried"', '"emotion": "sleepy"');
    const line = example.split('\n').findIndex((l) => l.includes('"emotion": "worried"')) + 1;
    const fr = loadScenario(bad, 'fr').diagnostics;
    expect(fr).toHaveLength(1);
    expect(fr[0]).toMatchObject({ code: 'schema', line });
    expect(fr[0]!.message).toMatch(/steps\.0\.customer\.emotion : .*(invalide|attendu)/i);
    const en = loadScenario(bad, 'en').diagnostics;
    expect(en[0]!.message).toMatch(/Invalid option/i);
  });
});

describe('format migrations', () => {
  it('upgrade a format 0 draft to format 1, exactly as the fixture expects', () => {
    const result = migrate(JSON.parse(fixture('draft-v0.json')));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.from).toBe(0);
      expect(result.doc).toEqual(JSON.parse(fixture('draft-v0.migrated.json')));
    }
  });

  it('are pure: the input document is left untouched', () => {
    const doc = JSON.parse(fixture('draft-v0.json')) as Record<string, unknown>;
    const before = JSON.stringify(doc);
    for (const m of MIGRATIONS) m.up(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('chain up to the current version, and the loader says it converted the file', () => {
    expect(MIGRATIONS.at(-1)?.to).toBe(FORMAT_VERSION);
    const { scenario, diagnostics } = loadScenario(fixture('draft-v0.json'), 'en');
    expect(scenario?.steps[0]?.choices[0]?.next).toBe('fin');
    expect(diagnostics.map((d) => d.code)).toEqual(['format.migrated']);
  });
});

describe('French typography', () => {
  it('finds ordinary spaces, missing spaces and straight quotes', () => {
    expect(frenchTypographyProblem('Bonjour !', 'en')?.what).toContain('ordinary space');
    expect(frenchTypographyProblem('Bonjour!', 'en')?.what).toContain('missing');
    expect(frenchTypographyProblem('Il dit "oui".', 'en')?.what).toContain('straight');
    expect(frenchTypographyProblem('Rendez-vous à 10:30, merci\u202F!', 'en')).toBeUndefined();
    expect(frenchTypographyProblem('+20 % de ventes', 'en')?.what).toContain('number and %');
    expect(frenchTypographyProblem('environ 1 500\u00A0€', 'en')?.what).toContain('thousands');
  });

  it('fixes them so the check passes', () => {
    const fixed = fixFrenchTypography('Bonjour ! Vous dites "oui" : c\'est noté ; merci?');
    expect(fixed).toBe('Bonjour\u202F! Vous dites «\u00A0oui\u00A0»\u00A0: c’est noté\u202F; merci\u202F?');
    expect(frenchTypographyProblem(fixed, 'fr')).toBeUndefined();
    expect(fixFrenchTypography('Environ 1 500 € et 20%')).toBe('Environ 1\u202F500\u00A0€ et 20\u00A0%');
    expect(fixFrenchTypography('Arrivée à 21 h 10 : chambre prête, départ 10:30')).toBe('Arrivée à 21 h 10\u00A0: chambre prête, départ 10:30');
    expect(fixFrenchTypography('Deux  espaces \u00A0 ici')).toBe('Deux espaces\u00A0ici');
  });
});

describe('the theory glossary', () => {
  it('follows French typography in French (trainees read it in the debrief)', () => {
    for (const id of THEORY_IDS) {
      expect(frenchTypographyProblem(GLOSSARY[id].label.fr, 'en'), id).toBeUndefined();
      expect(frenchTypographyProblem(GLOSSARY[id].idea.fr, 'en'), id).toBeUndefined();
    }
  });

  it('gives every idea a seed and a French and English label and text', () => {
    for (const id of THEORY_IDS) {
      const entry = GLOSSARY[id];
      expect(entry.seed).toMatch(/^00[0-4]$/);
      for (const lang of ['fr', 'en'] as const) {
        expect(entry.label[lang].length).toBeGreaterThan(3);
        expect(entry.idea[lang].length).toBeGreaterThan(20);
      }
    }
  });
});
