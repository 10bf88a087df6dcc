import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';
import { LaScopedDataSource } from './la-scoped-data-source';
import type { Principal } from './principal';
import { runAsPrincipal, runAsSystem, runInRequestScope } from './request-scope';

/**
 * TypeORM's own runner, faked: its client records the SQL it is sent (`fail` makes the setup or
 * the RESET fail), and `released` says whether each connection went back to the pool or was ended first.
 * `query` takes its client through `this.connect()`, as PostgresQueryRunner does.
 */
function fakeDataSource(fail?: 'SET' | 'RESET') {
  const log: string[] = [];
  const released: string[] = [];
  const made: QueryRunner[] = [];
  jest.spyOn(DataSource.prototype, 'createQueryRunner').mockImplementation(() => {
    let ended = false;
    const client = {
      query: async (sql: string) => {
        log.push(sql);
        if (fail && sql.startsWith(fail)) throw new Error(`${fail} failed`);
        return { rows: [] };
      },
      end: async () => {
        ended = true;
      },
    };
    const runner = {
      isReleased: false,
      isTransactionActive: false,
      connect: async () => client,
      async query(sql: string) {
        return (await this.connect()).query(sql);
      },
      async release() {
        if (this.isReleased) return;
        this.isReleased = true;
        released.push(ended ? 'ended' : 'pooled');
      },
    };
    made.push(runner as unknown as QueryRunner);
    return runner as unknown as QueryRunner;
  });
  const ds = new LaScopedDataSource({ type: 'postgres' } as DataSourceOptions);
  return { ds, log, released, made };
}

const leader: Principal = { kind: 'user', id: '1', label: 'l', role: 'leader', las: ['805'] };
const SETUP_805 = "SET ROLE send_app; SELECT set_config('app.la_codes', '805', false)";

afterEach(() => jest.restoreAllMocks());

describe('LaScopedDataSource', () => {
  it("leaves runners created outside any request scope to the owner: TypeORM's own, untouched", async () => {
    const { ds, log, released, made } = fakeDataSource();
    const runner = ds.createQueryRunner();
    expect(runner).toBe(made[0]);
    await runner.query('SELECT 1');
    await runner.release();
    expect(log).toEqual(['SELECT 1']);
    expect(released).toEqual(['pooled']);
  });

  it("sets the application role and the principal's LAs before any SQL on the connection, and resets it on release", async () => {
    const { ds, log, released } = fakeDataSource();
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await runner.query('SELECT 1');
    expect(log).toEqual([SETUP_805, 'SELECT 1']);
    await runner.release();
    expect(log[2]).toBe('RESET ROLE; RESET app.la_codes');
    expect(released).toEqual(['pooled']);
  });

  it('sets the connection up once when several queries start together, and releases it once', async () => {
    const { ds, log, released } = fakeDataSource();
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await Promise.all([runner.query('SELECT 1'), runner.query('SELECT 2'), runner.connect()]);
    expect(log.filter((sql) => sql === SETUP_805)).toHaveLength(1);
    expect(log[0]).toBe(SETUP_805);
    await Promise.all([runner.release(), runner.release()]);
    expect(log.filter((sql) => sql.startsWith('RESET'))).toHaveLength(1);
    expect(released).toEqual(['pooled']);
  });

  it('shows no LA to a request nobody has signed in to, and every LA to an administrator', async () => {
    const { ds, log } = fakeDataSource();
    await runInRequestScope(() => ds.createQueryRunner()).connect();
    await runAsPrincipal({ ...leader, role: 'admin', las: '*' }, () => ds.createQueryRunner()).connect();
    expect(log).toEqual([
      "SET ROLE send_app; SELECT set_config('app.la_codes', '', false)",
      "SET ROLE send_app; SELECT set_config('app.la_codes', '*', false)",
    ]);
  });

  it('ends a connection whose reset fails rather than pool it, so no scope outlives its request', async () => {
    const { ds, released } = fakeDataSource('RESET');
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await runner.connect();
    await runner.release();
    expect(released).toEqual(['ended']);
  });

  it('ends a connection released inside an open transaction, where a later ROLLBACK would undo the reset', async () => {
    const { ds, log, released } = fakeDataSource();
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await runner.connect();
    (runner as { isTransactionActive: boolean }).isTransactionActive = true;
    await runner.release();
    expect(log).toEqual([SETUP_805]);
    expect(released).toEqual(['ended']);
  });

  it('ends and releases a connection whose setup fails, and passes the failure on', async () => {
    const { ds, log, released } = fakeDataSource('SET');
    const runner = runAsPrincipal(leader, () => ds.createQueryRunner());
    await expect(runner.query('SELECT 1')).rejects.toThrow('SET failed');
    expect(log).toEqual([SETUP_805]);
    expect(released).toEqual(['ended']);
    await runner.release();
    expect(released).toEqual(['ended']);
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
    expect(log).toEqual(['SELECT 1']);
  });

  it('refuses an LA that is not a three-digit code before any SQL, rather than write it into SQL', () => {
    const { ds, log } = fakeDataSource();
    expect(() => runAsPrincipal({ ...leader, las: ["805', true); --"] }, () => ds.createQueryRunner())).toThrow(/not an LA code/);
    expect(log).toEqual([]);
  });
});
