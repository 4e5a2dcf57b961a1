// `npm run sbom`: docs/sbom.cdx.json, the CycloneDX SBOM of the production dependencies, made
// offline from package-lock.json by npm itself. `npm sbom --omit dev` alone drops a production
// package that a dev package also reaches (npm/cli#7909: here zod, through eslint-plugin-react-hooks),
// so the full SBOM is kept to the production tree as `npm ls --omit dev` resolves it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const SBOM_PATH = 'docs/sbom.cdx.json';

interface Bom {
  metadata: { component: { name: string } };
  components: { 'bom-ref': string }[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}
interface LsNode { version?: string; dependencies?: Record<string, LsNode> }

function npm(...args: string[]): string {
  const result = spawnSync('npm', [...args, '--package-lock-only'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** name@version of every package `npm ci --omit dev` installs. */
export function productionPackages(): Set<string> {
  const found = new Set<string>();
  const walk = (deps: Record<string, LsNode> | undefined) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (node.version === undefined || found.has(`${name}@${node.version}`)) continue;
      found.add(`${name}@${node.version}`);
      walk(node.dependencies);
    }
  };
  walk((JSON.parse(npm('ls', '--omit', 'dev', '--all', '--json')) as LsNode).dependencies);
  return found;
}

export function productionSbom(): Bom {
  const keep = productionPackages();
  const bom = JSON.parse(npm('sbom', '--sbom-format', 'cyclonedx')) as Bom;
  const self = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string }).name;
  const selfRef = (bom.dependencies ?? []).find((d) => d.ref.startsWith(`${self}@`))?.ref;
  const kept = (ref: string) => keep.has(ref) || ref === selfRef;
  return {
    ...bom,
    // npm names the root after its folder; the package's own name is the stable one.
    metadata: { ...bom.metadata, component: { ...bom.metadata.component, name: self } },
    components: bom.components.filter((c) => keep.has(c['bom-ref'])),
    ...(bom.dependencies ? { dependencies: bom.dependencies.filter((d) => kept(d.ref)).map((d) => ({ ...d, ...(d.dependsOn ? { dependsOn: d.dependsOn.filter(kept) } : {}) })) } : {}),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bom = productionSbom();
  writeFileSync(`${root}${SBOM_PATH}`, `${JSON.stringify(bom, null, 2)}\n`);
  process.stdout.write(`${SBOM_PATH}: ${bom.components.length} production components\n`);
}
