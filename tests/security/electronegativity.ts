// `npm run audit:electron`: Doyensec's Electronegativity over main/ and renderer/src (tests left
// out), its SARIF compared with docs/electronegativity-allowlist.json; exit 1 on anything unlisted.
//
// The tool matches code shapes, so two of our settings are invisible to it: the window options come
// from windowOptions() (not a `new BrowserWindow({...})` literal) and the CSP is a response header
// built in main/security.ts. This script renders the first into a literal the tool does check, and
// runs the tool's own CSP evaluator on the second. The tool fetches translations and Electron's
// release list over the network; both are cut here (offline, no request leaves CI).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { windowOptions } from '../../main/electron';
import { CSP } from '../../main/security';
import { AllowlistSchema, compare, type Finding } from './allowlist';

const root = new URL('../../', import.meta.url).pathname;
const ALLOWLIST = 'docs/electronegativity-allowlist.json';
const RENDERED = 'main/windowOptions.rendered.js';
const require = createRequire(import.meta.url);
const toolRoot = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const fromTool = createRequire(join(toolRoot, 'dist', 'locales', 'i18n.js'));

interface ToolResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<ToolResult>;

const SarifSchema = z.object({
  runs: z.array(z.object({
    results: z.array(z.object({
      ruleId: z.string(),
      message: z.object({ text: z.string() }),
      locations: z.array(z.object({
        physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string() }), region: z.object({ startLine: z.number() }).optional() }),
      })).min(1),
    })),
  })).length(1),
});

/** The tool's only network client, `got`, answers "offline" at once (no 3 s of retries, no request). */
function cutNetwork(): void {
  const path = fromTool.resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('offline audit: no network')), { __esModule: true, default: undefined as unknown });
  offline.default = offline;
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = offline;
  require.cache[path] = stub;
}

/** What is audited, as the tool must see it: sources without tests, plus the rendered window options. */
function stage(input: string): number {
  const notTest = (path: string) => !/\.test\.tsx?$/.test(path);
  cpSync(join(root, 'main'), join(input, 'main'), { recursive: true, filter: notTest });
  cpSync(join(root, 'renderer', 'src'), join(input, 'renderer', 'src'), { recursive: true, filter: notTest });
  cpSync(join(root, 'renderer', 'index.html'), join(input, 'renderer', 'index.html'));
  writeFileSync(join(input, RENDERED), [
    '// Rendered by tests/security/electronegativity.ts from windowOptions() in main/electron.ts (the packaged app).',
    "const { BrowserWindow } = require('electron');",
    `new BrowserWindow(${JSON.stringify(windowOptions('preload.cjs', true), null, 2)});`,
    '',
  ].join('\n'));
  return readdirSync(input, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tsx?|js|html)$/.test(f)).length;
}

/** The CSP through the evaluator Electronegativity's CSP_GLOBAL_CHECK uses, at the severities it reports. */
function cspFindings(): Finding[] {
  const csp = fromTool('@doyensec/csp-evaluator') as {
    CspParser: new (text: string) => { csp: unknown };
    CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): { directive: string; value: string; description: string; severity: number }[] };
    Version: { CSP3: unknown };
    severities: Record<string, number>;
  };
  const reported = new Set(['HIGH', 'MEDIUM', 'HIGH_MAYBE', 'MEDIUM_MAYBE', 'SYNTAX'].map((s) => csp.severities[s]));
  return new csp.CspEvaluator(new csp.CspParser(CSP).csp, csp.Version.CSP3).evaluate()
    .filter((f) => reported.has(f.severity))
    .map((f) => ({ rule: 'CSP_EVALUATOR', file: 'main/security.ts', text: `${f.directive} ${f.value}`, message: f.description }));
}

/** The tool writes its SARIF with an fs.writeFile it does not wait for: wait until the whole file is there. */
async function readSarif(path: string): Promise<unknown> {
  for (let waited = 0; ; waited += 20) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      if (waited >= 10_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const electronVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['electron']!.replace(/^[\^~]/, '');
  const work = mkdtempSync(join(tmpdir(), 'comptoir-electronegativity-'));
  const input = join(work, 'app');
  const sarif = join(work, 'electronegativity.sarif');
  mkdirSync(input);
  const files = stage(input);

  cutNetwork();
  process.env['LANG'] = 'en-US';
  const run = fromTool('../runner.js') as Run;
  const log = console.log;
  console.log = () => undefined; // the tool's "could not retrieve translations" line
  let result: ToolResult;
  try {
    result = await run({
      input, output: sarif, isSarif: true, isRelative: true, isVerbose: false,
      customScan: [], parserPlugins: [], electronVersionOverride: electronVersion,
      // Needs Electron's release list from the network; Electron upgrades are reviewed by hand (docs/SECURITY.md).
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
    }, false);
  } finally {
    console.log = log;
  }

  const problems: string[] = [];
  for (const e of result.errors) problems.push(`${e.file.replace(`${input}/`, '')}: ${e.tolerable ? 'parsed with warnings' : 'NOT PARSED, so not audited'}: ${e.message}`);
  const toolFindings: Finding[] = SarifSchema.parse(await readSarif(sarif)).runs[0]!.results.map((r) => {
    const location = r.locations[0]!.physicalLocation;
    const file = location.artifactLocation.uri === 'file:///' ? 'N/A' : location.artifactLocation.uri;
    const line = location.region?.startLine;
    const text = file === 'N/A' || line === undefined ? r.message.text : (readFileSync(join(input, file), 'utf8').split('\n')[line - 1] ?? '').trim();
    return { rule: r.ruleId, file, ...(line !== undefined && file !== 'N/A' ? { line } : {}), text, message: r.message.text };
  });
  const findings = [...toolFindings, ...cspFindings()];
  const allowlist = AllowlistSchema.parse(JSON.parse(readFileSync(join(root, ALLOWLIST), 'utf8')));
  const { unlisted, stale } = compare(findings, allowlist);
  for (const f of unlisted) problems.push(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.rule}: ${f.message}${f.file === 'N/A' ? '' : `\n    ${f.text}`}`);
  for (const e of stale) problems.push(`${ALLOWLIST}: entry ${e.rule} ${e.file}${e.match ? ` "${e.match}"` : ''} matches no finding any more: remove it`);
  if (result.atomicChecks < 30 || result.globalChecks < 4 || files < 10) problems.push(`suspiciously little was audited: ${files} files, ${result.atomicChecks} atomic and ${result.globalChecks} global checks`);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`electronegativity (Electron ${electronVersion}): ${files} files, ${result.atomicChecks} atomic + ${result.globalChecks} global checks and the CSP; ${findings.length} findings, ${findings.length - unlisted.length} allowlisted in ${ALLOWLIST} (${seconds} s)`);
  if (problems.length === 0) {
    rmSync(work, { recursive: true, force: true });
    return 0;
  }
  console.error(`\n${problems.join('\n')}\n\nFix the code, or add an entry with an honest reason to ${ALLOWLIST}. SARIF: ${sarif}`);
  return 1;
}

process.exitCode = await main();
