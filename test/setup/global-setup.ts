// Gives this Jest run its own freshly migrated database and its own Redis key prefix, so test
// runs never see each other's rows or jobs. Workers inherit the environment set here.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl } from './test-database';

const ROOT = join(__dirname, '..', '..');

/**
 * Migrates through the command line, as `npm run migrate` does: Jest's module mapping does not
 * apply to global setup, and scripts/run.js resolves the @app/* aliases as the apps do.
 */
function migrate(url: string): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'run.js'), 'apps/ingest-api/src/cli/main.ts', 'migrate'], {
      cwd: ROOT,
      env: { ...process.env, APP_ENV: 'test', DATABASE_URL: url },
      stdio: 'pipe',
    });
  } catch (e) {
    const failed = e as Error & { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`migrate failed: ${failed.stderr?.toString() || failed.stdout?.toString() || failed.message}`, { cause: e });
  }
}

export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const { adminUrl, url, name } = testDatabaseUrl(runId);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  migrate(url);
  process.env.APP_ENV = 'test';
  process.env.DATABASE_URL = url;
  process.env.REDIS_PREFIX = `test_${runId}`;
  process.env.TEST_DATABASE_NAME = name;
}
