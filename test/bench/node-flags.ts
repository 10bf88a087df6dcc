// The node flags a deployment's process starts with, read from package.json's scripts, so a bench
// runs its part (the API's write paths, the worker's nightly pass) with the same heap settings.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The flags between `node` and `scripts/run.js` in an npm script (`start:api`, `start:worker`). */
function nodeFlagsOf(script: 'start:api' | 'start:worker'): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts[script].match(/^node\s+(.*?)\s*scripts\/run\.js/)?.[1] ?? '').split(/\s+/).filter(Boolean);
}

/** The flags a bench runs a deployment's part with: BENCH_NODE_FLAGS when set (even to none), else the npm script's. */
export function benchNodeFlags(script: 'start:api' | 'start:worker'): string[] {
  const override = process.env.BENCH_NODE_FLAGS;
  return override === undefined ? nodeFlagsOf(script) : override.split(/\s+/).filter(Boolean);
}

/**
 * Runs this bench again in a child process under `flags`, unless it already runs with them: heap
 * sizes are set when node starts. Resolves true when a child ran (its exit code is this process's),
 * false when the caller is already that process and should go on.
 */
export function rerunUnder(flags: string[]): Promise<boolean> {
  if (flags.every((f) => process.execArgv.includes(f))) return Promise.resolve(false);
  // process.argv[1] is the bench's entry: scripts/run.js rewrote it to the entry's absolute path.
  const child = spawn(process.execPath, [...process.execArgv, ...flags, join(ROOT, 'scripts', 'run.js'), ...process.argv.slice(1)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      process.exitCode = code ?? 1;
      resolve(true);
    });
  });
}
