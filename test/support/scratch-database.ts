// A database of one test file's own, beside the run's (`<run database>_<label>`), freshly migrated:
// for files whose counts, ledgers or national reports must not see other files' rows.
import { Client } from 'pg';
import { migrate } from '@app/database';

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Points this process at the scratch database (and its own Redis prefix); `drop` restores. */
  use(extraEnv?: Record<string, string>): void;
  /** Restores the environment and drops the database. */
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const admin = new URL(process.env.DATABASE_URL as string);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const base = new URL(process.env.DATABASE_URL as string);
  const name = `${process.env.TEST_DATABASE_NAME ?? base.pathname.slice(1)}_${label}`.slice(0, 63);
  const url = new URL(base);
  url.pathname = `/${name}`;
  await onServer(`CREATE DATABASE ${name}`);
  await migrate(url.toString());
  const saved: Record<string, string | undefined> = {};
  return {
    name,
    url: url.toString(),
    use(extraEnv = {}) {
      const env = { DATABASE_URL: url.toString(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}_${label}`, ...extraEnv };
      for (const [k, v] of Object.entries(env)) {
        if (!(k in saved)) saved[k] = process.env[k];
        process.env[k] = v;
      }
    },
    async drop() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
