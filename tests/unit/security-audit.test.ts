// The Electron audit's allowlist comparison and the checked-in SBOM: an unlisted finding fails,
// a stale entry fails, and docs/sbom.cdx.json names exactly the production tree of the lockfile.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AllowlistSchema, compare, type Finding } from '../security/allowlist';
import { productionPackages, SBOM_PATH } from '../security/sbom';

const root = new URL('../../', import.meta.url).pathname;
const finding = (rule: string, file: string, text: string): Finding => ({ rule, file, text, message: `${rule} in ${file}` });
const entry = (rule: string, file: string, match?: string) => ({ rule, file, ...(match ? { match } : {}), reason: 'Reviewed: this reason is long enough to be a real explanation.' });

describe('the Electron audit allowlist', () => {
  it('lets through only the findings an entry names by rule, file and flagged text', () => {
    const allowlist = AllowlistSchema.parse({ entries: [entry('OPEN_EXTERNAL_JS_CHECK', 'main/electron.ts', 'openExternal(external)')] });
    const listed = finding('OPEN_EXTERNAL_JS_CHECK', 'main/electron.ts', 'await shell.openExternal(external);');
    const elsewhereInFile = finding('OPEN_EXTERNAL_JS_CHECK', 'main/electron.ts', 'shell.openExternal(request.url);');
    const otherFile = finding('OPEN_EXTERNAL_JS_CHECK', 'main/server.ts', 'await shell.openExternal(external);');
    const result = compare([listed, elsewhereInFile, otherFile], allowlist);
    expect(result.unlisted).toEqual([elsewhereInFile, otherFile]);
    expect(result.stale).toEqual([]);
  });

  it('reports an entry that no finding matches any more as stale', () => {
    const allowlist = AllowlistSchema.parse({ entries: [entry('CSP_GLOBAL_CHECK', 'N/A'), entry('PRELOAD_JS_CHECK', 'main/x.js')] });
    const result = compare([finding('CSP_GLOBAL_CHECK', 'N/A', 'no CSP found')], allowlist);
    expect(result.unlisted).toEqual([]);
    expect(result.stale.map((e) => e.rule)).toEqual(['PRELOAD_JS_CHECK']);
  });

  it('refuses an entry without a real reason, and the checked-in allowlist parses', () => {
    expect(AllowlistSchema.safeParse({ entries: [{ rule: 'X_CHECK', file: 'a.ts', reason: 'fine' }] }).success).toBe(false);
    expect(AllowlistSchema.safeParse(JSON.parse(readFileSync(`${root}docs/electronegativity-allowlist.json`, 'utf8'))).success).toBe(true);
  });
});

describe('the SBOM of production dependencies', () => {
  it('lists exactly the packages a production install of the lockfile holds (run `npm run sbom` when it fails)', () => {
    const bom = JSON.parse(readFileSync(`${root}${SBOM_PATH}`, 'utf8')) as { components: { 'bom-ref': string }[] };
    const listed = new Set(bom.components.map((c) => c['bom-ref']));
    const expected = productionPackages();
    expect([...listed].sort()).toEqual([...expected].sort());
    expect(listed.has(`zod@${(JSON.parse(readFileSync(`${root}node_modules/zod/package.json`, 'utf8')) as { version: string }).version}`)).toBe(true);
  });
});
