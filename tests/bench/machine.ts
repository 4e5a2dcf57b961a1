// The machine a run measured: CPU, cores, memory, Node and Chromium versions, the commit.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { launchBrowser } from '../e2e/harness';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly chromium: string;
  readonly commit: string;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model.trim() ?? 'unknown';
}

/** The commit measured, read without touching the repository (no index refresh). */
function commit(root: string): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no']);
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== '' ? ' with uncommitted changes' : ''}`;
}

/** Chromium's version from a bench that ran it, or from a browser started just to ask. */
async function chromiumVersion(known: string | undefined): Promise<string> {
  if (known) return known;
  try {
    const browser = await launchBrowser();
    const version = browser.version();
    await browser.close();
    return version;
  } catch {
    return 'not available';
  }
}

export async function describeMachine(root: string, chromium: string | undefined): Promise<Machine> {
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memoryGiB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium: await chromiumVersion(chromium),
    commit: commit(root),
  };
}
