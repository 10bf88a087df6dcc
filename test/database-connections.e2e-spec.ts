// A process keeps the PostgreSQL connections it opened (DATABASE_CONNECTIONS_KEPT, all 10 of its
// pool by default) through a quiet spell longer than the pool's idle timeout (10 s), so the next
// night's pass or the next page runs on the same server processes, not on new ones that map the
// shared buffers again page by page. With none kept, the quiet spell closes them.
// Real PostgreSQL: the API app with its configuration's default, and beside it, as the control that
// the spell is long enough, a DataSource of the same options keeping none (the configuration is
// loaded once a process, so the setting itself is checked in load-config.spec.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { appConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { startApi, type TestApi } from './support/api-app';

/** Longer than node-postgres's idle timeout (10 s), after which a pool closes what it does not keep. */
const QUIET_SPELL_MS = 11_500;
const AT_ONCE = 3;

let api: TestApi;
let closing: DataSource;

beforeAll(async () => {
  api = await startApi();
  closing = await createDataSource(appConfig().databaseUrl, { extra: { min: 0 } }).initialize();
});

afterAll(async () => {
  await api?.close();
  await closing?.destroy();
});

/** The server processes behind AT_ONCE statements running together (each on a connection of its own). */
async function backends(db: DataSource): Promise<Set<number>> {
  const rows = await Promise.all(
    Array.from({ length: AT_ONCE }, () => db.query(`SELECT pg_backend_pid() AS pid, pg_sleep(0.2)`) as Promise<{ pid: number }[]>),
  );
  return new Set(rows.map(([r]) => r.pid));
}

describe('PostgreSQL connections kept through a quiet spell', () => {
  it('runs on the same server processes after the spell by default, on new ones when none are kept', async () => {
    expect(appConfig().databaseConnectionsKept).toBe(10);
    const [keptBefore, closingBefore] = await Promise.all([backends(api.db), backends(closing)]);
    expect(keptBefore.size).toBe(AT_ONCE);
    expect(closingBefore.size).toBe(AT_ONCE);

    await sleep(QUIET_SPELL_MS);

    const [keptAfter, closingAfter] = await Promise.all([backends(api.db), backends(closing)]);
    expect([...keptAfter].sort()).toEqual([...keptBefore].sort());
    expect([...closingAfter].filter((pid) => closingBefore.has(pid))).toEqual([]);
  });
});
