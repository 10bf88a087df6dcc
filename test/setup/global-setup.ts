// Gives this Jest run its own freshly migrated database and its own Redis key prefix, so test
// runs never see each other's rows or jobs. Workers inherit the environment set here.
import { Client } from 'pg';
// Jest's moduleNameMapper does not apply to global setup, hence the relative path.
import { migrate } from '../../libs/database/src/migrate';
import { testDatabaseUrl } from './test-database';

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
  await migrate(url);
  process.env.APP_ENV = 'test';
  process.env.DATABASE_URL = url;
  process.env.REDIS_PREFIX = `test_${runId}`;
  process.env.TEST_DATABASE_NAME = name;
}
