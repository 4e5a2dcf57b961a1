// electron-builder.yml without an Electron binary: valid against electron-builder's own schema, the
// fuses and targets the shared workstations need, and — through electron-builder's own file
// matchers — exactly what the packaged app loads and nothing else (no sources, tests, tools).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRELOAD, RENDERER_DIR } from '../../main/electron';
import { appRoot } from '../../main/paths';

const root = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & {
  files: string[];
  electronFuses: Record<string, boolean>;
  extraMetadata: { main: string };
  linux: { target: string[] };
  win: { target: string };
  nsis: Record<string, unknown>;
  mac: { target: string };
  directories: { output: string; buildResources: string };
};
const loadConfig = (): Config => yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;

// electron-builder's own matching code (app-builder-lib, internal but exported), typed as used here.
type Filter = (file: string, stat: { isDirectory(): boolean; moduleFullFilePath?: string }) => boolean;
interface FileMatcher { readonly from: string; readonly patterns: string[]; createFilter(): Filter }
const fileMatcher = require('app-builder-lib/out/fileMatcher.js') as {
  getMainFileMatchers(appDir: string, destination: string, macroExpander: (p: string) => string, platformOptions: object, platformPackager: object, outDir: string, isElectronCompile: boolean): FileMatcher[];
  getNodeModuleFileMatcher(appDir: string, destination: string, macroExpander: (p: string) => string, platformOptions: object, packager: object): FileMatcher;
  FileMatcher: new (from: string, to: string, macroExpander: (p: string) => string, patterns: string[]) => FileMatcher;
};
const appFileCopier = require('app-builder-lib/out/util/appFileCopier.js') as {
  computeFileSets(matchers: FileMatcher[], transformer: null, platformPackager: object, isElectronCompile: boolean): Promise<{ files: string[]; metadata: Map<string, unknown> }[]>;
};
const validateConfiguration = (require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: object, debugLogger: object): Promise<void> }).validateConfiguration;

const PLATFORMS = ['linux', 'win', 'mac'] as const;
const same = (p: string) => p;

/** What electron-builder's packager hands its matchers: the project, the config, no electron-compile. */
function packagerFor(config: Config) {
  const info = { projectDir: root, appDir: root, buildResourcesDir: join(root, config.directories.buildResources), isPrepackedAppAsar: false, areNodeModulesHandledExternally: false, config, debugLogger: { isEnabled: false } };
  return { info, config };
}

function mainMatchers(config: Config, platform: (typeof PLATFORMS)[number]): FileMatcher[] {
  const platformOptions = (config[platform] ?? {}) as object;
  return fileMatcher.getMainFileMatchers(root, '/app', same, platformOptions, packagerFor(config), join(root, config.directories.output), false);
}

/** The files electron-builder would put into app.asar for `platform`, relative to the project. */
async function packagedFiles(config: Config, platform: (typeof PLATFORMS)[number]): Promise<string[]> {
  const sets = await appFileCopier.computeFileSets(mainMatchers(config, platform), null, packagerFor(config), false);
  return sets.flatMap((set) => set.files.filter((f) => set.metadata.has(f))).map((f) => relative(root, f).split(sep).join('/')).sort();
}

const file = { isDirectory: () => false };
const directory = { isDirectory: () => true };

beforeAll(() => {
  // A fresh checkout has no dist/ yet: the `files` patterns are checked against a real build.
  const built = ['dist/main/electron-main.js', 'dist/main/preload.cjs', 'dist/renderer/index.html', 'dist/library'].every((p) => existsSync(join(root, p)));
  if (!built) {
    const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('npm run build failed: the packaged files cannot be checked');
  }
}, 300_000);

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own JSON schema (draft-07) and its own validator', async () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as { $schema: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // Strict: an unknown keyword in the schema fails too; `typeof` is electron-builder's one extension (hooks are functions).
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (type: string, data: unknown) => typeof data === type });
    const validate = ajv.compile(schema);
    const config = loadConfig();
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
  });

  it('is refused by that schema when a fuse is misspelt, an installer option unknown or a value mistyped', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (type: string, data: unknown) => typeof data === type });
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object);
    const misspelt = loadConfig();
    misspelt.electronFuses = { ...misspelt.electronFuses, runAsnode: false };
    const mistyped = { ...loadConfig(), asar: 'yes please' };
    const unknownKey = { ...loadConfig(), nsis: { ...loadConfig().nsis, perUser: true } };
    for (const config of [misspelt, mistyped, unknownKey]) expect(validate(config)).toBe(false);
  });

  it('flips the Electron fuses: no run-as-node, no NODE_OPTIONS, no --inspect, asar only and checked, cookies encrypted', () => {
    expect(loadConfig().electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, a per-machine NSIS installer that asks where, and a dmg, with the installed Electron version', () => {
    const config = loadConfig();
    expect(config).toMatchObject({ appId: 'org.comptoir.app', productName: 'Comptoir', asar: true, publish: null });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toBe('nsis');
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.mac.target).toBe('dmg');
    const electron = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
    expect(config['electronVersion']).toBe(electron.version);
  });

  it('names in `files` and `main` exactly the paths the packaged app loads', () => {
    const config = loadConfig();
    expect(appRoot).toBe(root);
    const buildMain = readFileSync(join(root, 'main/build-main.ts'), 'utf8');
    // The Electron entry and the preload as build-main.ts writes them and main/electron.ts loads them.
    expect(buildMain).toContain(`outfile: '${config.extraMetadata.main}'`);
    expect(relative(root, PRELOAD)).toBe('dist/main/preload.cjs');
    expect(buildMain).toContain(`outfile: 'dist/main/preload.cjs'`);
    expect(relative(root, RENDERER_DIR)).toBe('dist/renderer');
    // main/paths.ts reads the built-in scenarios from dist/library when scenarios/ is not there (packaged).
    expect(buildMain).toContain("mkdir('dist/library'");
    expect(config.files.filter((p) => !p.startsWith('!'))).toEqual(['package.json', config.extraMetadata.main, 'dist/main/preload.cjs', 'dist/renderer/**/*', 'dist/library/*.json']);
  });

  for (const platform of PLATFORMS) {
    it(`lets into the ${platform} app only package.json and the built main, renderer and library, each pattern matching a built file`, async () => {
      const config = loadConfig();
      const files = await packagedFiles(config, platform);
      const library = readdirSync(join(root, 'scenarios/library')).filter((f) => f.endsWith('.json')).map((f) => `dist/library/${f}`);
      const renderer = readdirSync(join(root, 'dist/renderer'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && !d.name.endsWith('.map')).map((d) => relative(root, join(d.parentPath, d.name)));
      expect(files).toEqual(['package.json', 'dist/main/electron-main.js', 'dist/main/preload.cjs', ...renderer, ...library].sort());
      expect(files).toContain('dist/renderer/index.html');
      for (const pattern of config.files.filter((p) => !p.startsWith('!'))) {
        const matches = new fileMatcher.FileMatcher(root, '/app', same, [pattern]).createFilter();
        expect(files.some((f) => matches(join(root, f), file)), `${pattern} matches a built file`).toBe(true);
      }
    });
  }

  it('cannot let in sources, tests, docs, CI scripts, tools, source maps or the browser-mode launcher, wherever they are', () => {
    const config = loadConfig();
    const excluded = [
      'tests/unit/packaging.test.ts', 'tests/e2e/harness.ts', 'scenarios/engine/rules.ts', 'scenarios/cli.ts', 'scenarios/library/exemple-guichet-banque.json',
      'main/app.ts', 'main/electron.test.ts', 'renderer/src/App.tsx', 'docs/SECURITY.md', '.ci/run', 'README.md', 'electron-builder.yml', 'tsconfig.json', 'package-lock.json',
      'dist/main/start.mjs', 'dist/main/electron-main.js.map', 'dist/renderer/assets/index.js.map', 'dist/renderer/src/App.tsx.map', 'dist/library/notes.md', 'out/linux-unpacked/comptoir',
      '.git/config', '.env', 'node_modules/vitest/package.json',
    ];
    for (const platform of PLATFORMS) {
      const [main] = mainMatchers(config, platform);
      const accepts = main!.createFilter();
      for (const path of excluded) expect(accepts(join(root, path), file), `${platform}: ${path}`).toBe(false);
      for (const dir of ['tests', 'scenarios', 'docs', '.ci', 'main', 'renderer', 'node_modules']) expect(accepts(join(root, dir), directory), `${platform}: ${dir}/`).toBe(false);
    }
  });

  it('copies no node_modules at all: the production dependencies are inside the bundles, the dev tools never go', () => {
    const config = loadConfig();
    const packages = readdirSync(join(root, 'node_modules')).flatMap((name) => name.startsWith('@') ? readdirSync(join(root, 'node_modules', name)).map((sub) => `${name}/${sub}`) : [name]).filter((name) => !name.startsWith('.'));
    const production = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    expect(packages).toEqual(expect.arrayContaining([...production, 'vitest', 'electron-builder', 'esbuild', 'typescript']));
    for (const platform of PLATFORMS) {
      // The filter electron-builder applies to every entry of every dependency it collects (NodeModuleCopyHelper).
      const accepts = fileMatcher.getNodeModuleFileMatcher(root, '/app', same, (config[platform] ?? {}) as object, packagerFor(config).info).createFilter();
      for (const name of packages) {
        const dir = join(root, 'node_modules', name);
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const stat = { isDirectory: () => entry.isDirectory(), moduleFullFilePath: `node_modules/${name}/${entry.name}` };
          if (accepts(join(dir, entry.name), stat)) expect.fail(`${platform}: node_modules/${name}/${entry.name} would be packaged`);
        }
      }
    }
  });
});
