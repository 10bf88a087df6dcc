import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';
import { LaScopedDataSource } from './la-scoped-data-source';
import type { Principal } from './principal';
import { runAsPrincipal, runAsSystem, runInRequestScope } from './request-scope';

interface FakeClient {
  id: number;
  ended: boolean;
  status: 'I' | 'T' | 'E';
}

/**
 * TypeORM's own runner over a pool, faked: the pool hands out the connection released last (as
 * pg-pool does) and drops an ended one. Each client records the SQL it is sent, as `<client>: <sql>`
 * (`fail` makes the setup or the RESET fail), and keeps a transaction status as PostgreSQL reports
 * it ('I' idle, 'T' in a transaction, 'E' in a failed one); `released` says whether each runner's
 * connection went back to the pool or was ended first. `query` takes its client through
 * `this.connect()`, as PostgresQueryRunner does.
 */
function fakeDataSource(fail?: 'SET' | 'RESET') {
  const log: string[] = [];
  const released: string[] = [];
  const made: QueryRunner[] = [];
  const idle: FakeClient[] = [];
  let opened = 0;
  const open = (): FakeClient => ({ id: ++opened, ended: false, status: 'I' });
  // One client object a connection, as pg-pool hands out the same PoolClient each time.
  const clientOf = (c: FakeClient) => ({
    query: async (sql: string) => {
      log.push(`${c.id}: ${sql}`);
      if (sql === 'BEGIN') c.status = 'T';
      if (sql === 'COMMIT' || sql === 'ROLLBACK') c.status = 'I';
      if (sql === 'SELECT 1/0' && c.status === 'T') c.status = 'E';
      if ((fail && sql.startsWith(fail)) || sql === 'SELECT 1/0') throw new Error(`${sql} failed`);
      return { rows: [] };
    },
    end: async () => {
      c.ended = true;
    },
    getTransactionStatus: () => c.status,
  });
  const clients = new Map<FakeClient, ReturnType<typeof clientOf>>();
  const clientFor = (c: FakeClient) => clients.get(c) ?? clients.set(c, clientOf(c)).get(c)!;
  jest.spyOn(DataSource.prototype, 'createQueryRunner').mockImplementation(() => {
    let held: FakeClient | undefined;
    const runner = {
      isReleased: false,
      isTransactionActive: false,
      connect: async () => clientFor((held ??= idle.pop() ?? open())),
      async query(sql: string) {
        return (await this.connect()).query(sql);
      },
      async release() {
        if (this.isReleased) return;
        this.isReleased = true;
        if (held && !held.ended) idle.push(held);
        released.push(held?.ended ? 'ended' : 'pooled');
      },
    };
    made.push(runner as unknown as QueryRunner);
    return runner as unknown as QueryRunner;
  });
  const ds = new LaScopedDataSource({ type: 'postgres' } as DataSourceOptions);
  return { ds, log, released, made };
}

const leader: Principal = { kind: 'user', id: '1', label: 'l', role: 'leader', las: ['805'] };
const other: Principal = { ...leader, las: ['806'] };
const setup = (la: string) => `SET ROLE send_app; SELECT set_config('app.la_codes', '${la}', false)`;
const RESET = 'RESET ROLE; RESET app.la_codes';

/** One query through a new runner of the DataSource, then its release. */
async function once(ds: DataSource, sql: string, as?: Principal | 'system'): Promise<void> {
  const runner =
    as === undefined
      ? ds.createQueryRunner()
      : as === 'system'
        ? runAsSystem(() => ds.createQueryRunner())
        : runAsPrincipal(as, () => ds.createQueryRunner());
  try {
    await runner.query(sql);
  } finally {
    await runner.release();
  }
}

afterEach(() => jest.restoreAllMocks());

describe('LaScopedDataSource', () => {
  it("leaves a connection never scoped to the owner, as TypeORM's own runner would", async () => {
    const { ds, log, released, made } = fakeDataSource();
    const runner = ds.createQueryRunner();
    expect(runner).toBe(made[0]);
    await runner.query('SELECT 1');
    await runner.release();
    expect(log).toEqual(['1: SELECT 1']);
    expect(released).toEqual(['pooled']);
  });

  it("sets the application role and the principal's LAs before any SQL, and keeps them for that scope's next runner", async () => {
    const { ds, log, released } = fakeDataSource();
    await once(ds, 'SELECT 1', leader);
    await once(ds, 'SELECT 2', leader);
    // One round trip for the second query, not a setup and a reset around each.
    expect(log).toEqual([`1: ${setup('805')}`, '1: SELECT 1', '1: SELECT 2']);
    expect(released).toEqual(['pooled', 'pooled']);
  });

  it("sets another principal's LAs on a connection left scoped for someone else's, before its SQL", async () => {
    const { ds, log } = fakeDataSource();
    await once(ds, 'SELECT 1', leader);
    await once(ds, 'SELECT 2', other);
    await once(ds, 'SELECT 3', leader);
    expect(log).toEqual([`1: ${setup('805')}`, '1: SELECT 1', `1: ${setup('806')}`, '1: SELECT 2', `1: ${setup('805')}`, '1: SELECT 3']);
  });

  it('resets a connection left scoped before the owner uses it (outside any scope, or system work inside one), once', async () => {
    const { ds, log } = fakeDataSource();
    await once(ds, 'SELECT 1', leader);
    await once(ds, 'SELECT 2');
    await once(ds, 'SELECT 3');
    await once(ds, 'SELECT 4', leader);
    await runAsPrincipal(leader, () => once(ds, 'SELECT 5', 'system'));
    expect(log).toEqual([
      `1: ${setup('805')}`,
      '1: SELECT 1',
      `1: ${RESET}`,
      '1: SELECT 2',
      '1: SELECT 3',
      `1: ${setup('805')}`,
      '1: SELECT 4',
      `1: ${RESET}`,
      '1: SELECT 5',
    ]);
  });

  it('sets the connection up once when several queries start together, and releases it once', async () => {
    const { ds, log, released } = fakeDataSource();
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await Promise.all([runner.query('SELECT 1'), runner.query('SELECT 2'), runner.connect()]);
    expect(log.filter((sql) => sql === `1: ${setup('805')}`)).toHaveLength(1);
    expect(log[0]).toBe(`1: ${setup('805')}`);
    await Promise.all([runner.release(), runner.release()]);
    expect(released).toEqual(['pooled']);
  });

  it('shows no LA to a request nobody has signed in to, and every LA to an administrator', async () => {
    const { ds, log } = fakeDataSource();
    await runInRequestScope(() => ds.createQueryRunner()).connect();
    await runAsPrincipal({ ...leader, role: 'admin', las: '*' }, () => ds.createQueryRunner()).connect();
    expect(log).toEqual([`1: ${setup('')}`, `2: ${setup('*')}`]);
  });

  it('ends a connection whose setup fails, passes the failure on, and sets up the next one afresh', async () => {
    const { ds, log, released } = fakeDataSource('SET');
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await expect(runner.query('SELECT 1')).rejects.toThrow('failed');
    expect(log).toEqual([`1: ${setup('805')}`]);
    expect(released).toEqual(['ended']);
    await runner.release();
    expect(released).toEqual(['ended']);
    await expect(once(ds, 'SELECT 2', leader)).rejects.toThrow('failed');
    expect(log[1]).toBe(`2: ${setup('805')}`);
  });

  it('ends a connection it cannot reset for the owner, rather than run owner work restricted', async () => {
    const { ds, log, released } = fakeDataSource('RESET');
    await once(ds, 'SELECT 1', leader);
    await expect(once(ds, 'SELECT 2')).rejects.toThrow('failed');
    expect(log).toEqual([`1: ${setup('805')}`, '1: SELECT 1', `1: ${RESET}`]);
    expect(released).toEqual(['pooled', 'ended']);
    await once(ds, 'SELECT 3');
    expect(log[3]).toBe('2: SELECT 3');
  });

  it("ends a connection released inside TypeORM's transaction, and the next runner sets up a new one", async () => {
    const { ds, log, released } = fakeDataSource();
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await runner.connect();
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    await runner.release();
    expect(released).toEqual(['ended']);
    await once(ds, 'SELECT 1', leader);
    expect(log).toEqual([`1: ${setup('805')}`, `2: ${setup('805')}`, '2: SELECT 1']);
  });

  it('ends a connection left in a transaction begun on its raw client, open or failed, scoped or not', async () => {
    const { ds, released } = fakeDataSource();
    for (const as of [leader, undefined]) {
      const open = as ? runAsPrincipal(as, () => ds.createQueryRunner()) : ds.createQueryRunner();
      await open.query('BEGIN');
      await open.release();
      const failed = as ? runAsPrincipal(as, () => ds.createQueryRunner()) : ds.createQueryRunner();
      await failed.query('BEGIN');
      await expect(failed.query('SELECT 1/0')).rejects.toThrow('failed');
      await failed.release();
    }
    expect(released).toEqual(['ended', 'ended', 'ended', 'ended']);
  });

  it('releases a runner that never connected without touching any connection', async () => {
    const { ds, log, released } = fakeDataSource();
    await runAsPrincipal(leader, () => ds.createQueryRunner()).release();
    expect(log).toEqual([]);
    expect(released).toEqual(['pooled']);
  });

  it('runs system work inside a request as the owner', async () => {
    const { ds, log } = fakeDataSource();
    await runAsPrincipal(leader, () => runAsSystem(() => ds.createQueryRunner())).query('SELECT 1');
    expect(log).toEqual(['1: SELECT 1']);
  });

  it('refuses an LA that is not a three-digit code before any SQL, rather than write it into SQL', () => {
    const { ds, log } = fakeDataSource();
    expect(() => runAsPrincipal({ ...leader, las: ["805', true); --"] }, () => ds.createQueryRunner())).toThrow(/not an LA code/);
    expect(log).toEqual([]);
  });
});
