// A scratch database for a benchmark: created and migrated at the start, dropped at the end.
import { Client } from 'pg';
import { migrate } from '@app/database';
import { testDatabaseUrl } from '../setup/test-database';

export async function withBenchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const { adminUrl, url, name } = testDatabaseUrl(`bench_${Date.now().toString(36)}`);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    await migrate(url);
    return await work(url);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
