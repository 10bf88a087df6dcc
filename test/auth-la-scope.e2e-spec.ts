// The LA scope of the API's DataSource (LaScopedDataSource): a query that forgets its LA filter sees
// only the principal's LAs whichever way it reaches PostgreSQL (DataSource.query, a query builder, a
// repository, a transaction, COPY from a runner's client); a connection keeps its scope between
// runners but takes the next one's (another principal's, or the owner's) before any of its SQL; a
// connection left in a transaction is ended, not pooled; and the start-up self-check fails loudly
// on a DataSource without the scope, so the API does not start. Real PostgreSQL and Redis.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Test } from '@nestjs/testing';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { APP_DB_ROLE, LaScopedDataSource, type Principal, checkLaScope, runAsPrincipal } from '@app/access';
import { createDataSource } from '@app/database';
import { AppModule } from '../apps/ingest-api/src/app.module';
import { type TestApi, startApi } from './support/api-app';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

const HOME = '805';
const OTHER = '807';
const leaderOf805: Principal = { kind: 'user', id: '0', label: 'la scope test', role: 'leader', las: [HOME] };

describe('the LA scope of the API’s DataSource', () => {
  let api: TestApi;
  const prefix = uniquePrefix('scope');
  const mine = `${prefix}-%`;

  beforeAll(async () => {
    api = await startApi();
    await api
      .http()
      .post('/v1/events')
      .send([...ehcAssessment(prefix, 1, HOME), ...ehcAssessment(prefix, 2, OTHER)])
      .expect(200);
  });
  afterAll(() => api.close());

  // The owner sees both LAs of this file's cases, so a scoped answer of one LA means something.
  it('is a LaScopedDataSource, and the owner sees both LAs outside any scope', async () => {
    expect(api.db).toBeInstanceOf(LaScopedDataSource);
    const rows = await api.db.query(`SELECT DISTINCT la_code FROM cases WHERE case_ref LIKE $1 ORDER BY 1`, [mine]);
    expect(rows).toEqual([{ la_code: HOME }, { la_code: OTHER }]);
  });

  it('shows a forgotten LA filter only the principal’s LAs through DataSource.query', async () => {
    const rows = await runAsPrincipal(leaderOf805, () =>
      api.db.query(`SELECT current_user AS role, array_agg(DISTINCT la_code) AS las FROM cases WHERE case_ref LIKE $1`, [mine]),
    );
    expect(rows).toEqual([{ role: APP_DB_ROLE, las: [HOME] }]);
  });

  it('… through a query builder and the entity manager', async () => {
    const built = await runAsPrincipal(leaderOf805, () =>
      api.db
        .createQueryBuilder()
        .select('DISTINCT c.la_code', 'la')
        .from('cases', 'c')
        .where('c.case_ref LIKE :mine', { mine })
        .getRawMany(),
    );
    expect(built).toEqual([{ la: HOME }]);
    // The events and cases tables have no entity (the event store owns them with SQL): the manager's
    // own query builder and query take their runner the same way a repository would.
    const managed = await runAsPrincipal(leaderOf805, () =>
      api.db.manager
        .createQueryBuilder()
        .select('c.la_code', 'la')
        .from('cases', 'c')
        .where('c.case_ref LIKE :mine', { mine })
        .getRawMany(),
    );
    expect([...new Set(managed.map((r) => r.la))]).toEqual([HOME]);
    const viaManager = await runAsPrincipal(leaderOf805, () =>
      api.db.manager.query(`SELECT DISTINCT la_code FROM cases WHERE case_ref LIKE $1`, [mine]),
    );
    expect(viaManager).toEqual([{ la_code: HOME }]);
  });

  it('… through a transaction, which cannot write a row of another LA either', async () => {
    const seen = await runAsPrincipal(leaderOf805, () =>
      api.db.transaction((m) => m.query(`SELECT array_agg(DISTINCT la_code) AS las FROM cases WHERE case_ref LIKE $1`, [mine])),
    );
    expect(seen).toEqual([{ las: [HOME] }]);
    await expect(
      runAsPrincipal(leaderOf805, () =>
        api.db.transaction((m) => m.query(`UPDATE cases SET event_count = event_count WHERE case_ref LIKE $1 RETURNING la_code`, [mine])),
      ),
    ).resolves.toEqual([[{ la_code: HOME }], 1]);
    await expect(
      runAsPrincipal(leaderOf805, () =>
        api.db.transaction((m) =>
          m.query(
            `INSERT INTO events (la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, source)
             VALUES ($1, $2, 'X-1', 'C-1', 'slt', 'referral_received', '2026-01-01', 'api')`,
            [OTHER, `${prefix}-forged`],
          ),
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('… through COPY on a runner’s client: COPY TO shows one LA, COPY FROM cannot add another’s rows', async () => {
    const copied = await runAsPrincipal(leaderOf805, async () => {
      const runner = api.db.createQueryRunner();
      try {
        const client = (await runner.connect()) as PoolClient;
        const chunks: Buffer[] = [];
        for await (const chunk of client.query(copyTo(`COPY (SELECT la_code FROM cases WHERE case_ref LIKE '${mine}') TO STDOUT`)))
          chunks.push(chunk);
        return Buffer.concat(chunks).toString();
      } finally {
        await runner.release();
      }
    });
    expect(copied).toBe(`${HOME}\n`);

    const line = [OTHER, `${prefix}-copied`, 'X-2', 'C-2', 'slt', 'referral_received', '2026-01-01', 'api'].join('\t') + '\n';
    await expect(
      runAsPrincipal(leaderOf805, async () => {
        const runner = api.db.createQueryRunner();
        try {
          const client = (await runner.connect()) as PoolClient;
          const copy = client.query(
            copyFrom(`COPY events (la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, source) FROM STDIN`),
          );
          await pipeline(Readable.from([line]), copy);
        } finally {
          await runner.release();
        }
      }),
    ).rejects.toThrow(/row-level security/);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM events WHERE event_id = $1`, [`${prefix}-copied`])).toEqual([{ n: 0 }]);
  });

  it('gives each query its own scope on connections that served another principal or the owner just before', async () => {
    const leaderOf807: Principal = { ...leaderOf805, las: [OTHER] };
    const probe = `SELECT pg_backend_pid() AS pid, current_user AS role, current_setting('app.la_codes', true) AS las,
      (SELECT array_agg(DISTINCT la_code) FROM cases WHERE case_ref LIKE $1) AS seen`;
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [as, la] of [
        [leaderOf805, HOME],
        [leaderOf805, HOME],
        [leaderOf807, OTHER],
      ] as const) {
        const [row] = await runAsPrincipal(as, () => api.db.query(probe, [mine]));
        expect(row).toMatchObject({ role: APP_DB_ROLE, las: la, seen: [la] });
        pids.push(row.pid);
      }
      const [owner] = await api.db.query(probe, [mine]);
      expect(owner.role).not.toBe(APP_DB_ROLE);
      expect(owner.seen.sort()).toEqual([HOME, OTHER]);
      pids.push(owner.pid);
    }
    // The pool hands out the connection released last: the scopes above followed one another on it.
    expect(new Set(pids).size).toBeLessThan(pids.length);
  });

  it('ends a connection left in a transaction (an aborted one on its raw client, or TypeORM’s still open), never pooling it', async () => {
    const pids = await runAsPrincipal(leaderOf805, async () => {
      const aborted = api.db.createQueryRunner();
      const client = (await aborted.connect()) as PoolClient;
      const [{ pid: abortedPid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows;
      await client.query('BEGIN');
      await expect(client.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      await aborted.release();

      const open = api.db.createQueryRunner();
      await open.startTransaction();
      const [{ pid: openPid }] = await open.query('SELECT pg_backend_pid() AS pid');
      await open.release();
      return [abortedPid, openPid];
    });
    const alive = async () => (await api.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1)`, [pids]))[0].n;
    for (let i = 0; i < 50 && (await alive()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await alive()).toBe(0);
    const [owner] = await api.db.query(`SELECT current_user AS role, current_setting('app.la_codes', true) AS las`);
    expect(owner.role).not.toBe(APP_DB_ROLE);
  });

  it('passes the start-up self-check on the API’s DataSource', async () => {
    await expect(checkLaScope(api.db)).resolves.toBeUndefined();
  });

  it('fails the self-check loudly on a DataSource without the scope', async () => {
    const plain = await createDataSource(process.env.DATABASE_URL!, { extra: { max: 2 } }).initialize();
    try {
      expect(plain).not.toBeInstanceOf(LaScopedDataSource);
      await expect(checkLaScope(plain)).rejects.toThrow(
        /^LA scope self-check failed.*current_user is \w+, not send_app.*row security is not active on cases/,
      );
    } finally {
      await plain.destroy();
    }
  });

  it('does not let the API start on a DataSource without the scope', async () => {
    const plain = createDataSource(process.env.DATABASE_URL!, { extra: { max: 2 } });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(DataSource)
      .useFactory({ factory: () => plain.initialize() })
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await expect(app.init()).rejects.toThrow(/LA scope self-check failed/);
    } finally {
      await app.close().catch(() => undefined);
      if (plain.isInitialized) await plain.destroy();
    }
  });
});
