import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Runs `npm run cli -- <args>` as a user would, against this test run's database. */
export async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return cliWithEnv({}, ...args);
}

/** The same, with `env` over this process's environment (e.g. another DATABASE_URL). */
export async function cliWithEnv(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(ROOT, 'scripts', 'run.js'), 'apps/ingest-api/src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
}
