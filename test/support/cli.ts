import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Runs `npm run cli -- <args>` as a user would, against this test run's database. */
export async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(ROOT, 'scripts', 'run.js'), 'apps/ingest-api/src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  });
}
