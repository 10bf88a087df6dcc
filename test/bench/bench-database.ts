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

/**
 * What a deployment's worker does with the seed's recompute requests (one a case): its jobs find
 * each case evaluated by the backfill, unchanged, and complete the request. A bench runs no
 * worker, so the requests its pass covered are completed here; left in place they are an outbox
 * of every case, which a deployment never holds, and every check of pending requests reads it.
 */
export async function completeCoveredRequests(db: { query(sql: string): Promise<unknown> }): Promise<void> {
  await db.query(
    `DELETE FROM recompute_requests r USING case_evaluations ce
     WHERE ce.la_code = r.la_code AND ce.case_ref = r.case_ref AND ce.evaluated_at >= r.requested_at`,
  );
}
