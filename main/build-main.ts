// Bundles main: the browser-mode launcher and the Electron main process (ESM, so `npm start` starts
// in a tenth of a second) and the preload (CommonJS, as sandboxed preloads must be).
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { validateLibrary } from './library';

// The built-in scenarios, validated now rather than at every start (see main/library.ts).
const validated = await validateLibrary('scenarios/library');
const common = { bundle: true, platform: 'node' as const, target: 'node22', external: ['electron'], mainFields: ['module', 'main'], logLevel: 'warning' as const, legalComments: 'none' as const };

// lowdb and friends are ESM; a few CommonJS dependencies still call require().
const esm = { format: 'esm' as const, define: { COMPTOIR_VALIDATED_LIBRARY: JSON.stringify(JSON.stringify(validated)) }, banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } };
await build({ ...common, ...esm, entryPoints: ['main/electron-main.ts'], outfile: 'dist/main/electron-main.js' });
// Browser mode's launcher is split at dynamic imports: code that only some requests need (an export's
// writer) is a chunk read on first use, not compiled at every start. The Electron bundle stays one
// file, as electron-builder.yml packages it (there, a dynamic import still defers evaluation).
await rm('dist/main/chunks', { recursive: true, force: true });
await build({ ...common, ...esm, entryPoints: ['main/start.ts'], outdir: 'dist/main', outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
await build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs' });

// The built-in scenarios travel with the app.
await mkdir('dist/library', { recursive: true });
for (const file of await readdir('scenarios/library')) if (file.endsWith('.json')) await copyFile(`scenarios/library/${file}`, `dist/library/${file}`);
