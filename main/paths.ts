// Where Comptoir's files are, the same from the sources (tsx, tests), the bundles in dist/main
// and the packaged app: the folder holding Comptoir's package.json is the root.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'comptoir') return dir;
      } catch {
        // not ours: keep looking upwards
      }
    }
    if (dirname(dir) === dir) return from;
  }
}

export const appRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const rendererDir = join(appRoot, 'dist', 'renderer');
export const distMainDir = join(appRoot, 'dist', 'main');
/** The built-in scenarios: copied into dist/library for the packaged app, else from the sources. */
export const libraryDir = existsSync(join(appRoot, 'dist', 'library')) && !existsSync(join(appRoot, 'scenarios', 'library'))
  ? join(appRoot, 'dist', 'library')
  : join(appRoot, 'scenarios', 'library');
