// Bundles the Electron main process (ESM) and the preload (CommonJS, as sandboxed preloads must be).
import { build } from 'esbuild';
import { copyFile, mkdir, readdir } from 'node:fs/promises';

const common = { bundle: true, platform: 'node' as const, target: 'node22', external: ['electron'], mainFields: ['module', 'main'], logLevel: 'warning' as const, legalComments: 'none' as const };

await build({ ...common, entryPoints: ['main/electron-main.ts'], outfile: 'dist/main/electron-main.js', format: 'esm', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
await build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs' });

// The built-in scenarios travel with the app.
await mkdir('dist/library', { recursive: true });
for (const file of await readdir('scenarios/library')) if (file.endsWith('.json')) await copyFile(`scenarios/library/${file}`, `dist/library/${file}`);
