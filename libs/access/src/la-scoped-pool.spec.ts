import type { DataSource } from 'typeorm';
import { installLaScopedPool } from './la-scoped-pool';
import { runAsPrincipal, runAsSystem, runInRequestScope } from './request-scope';
import type { Principal } from './principal';

type Release = (err?: unknown) => void;

/** A pg-like pool whose clients record their SQL; `failReset` makes RESET fail. */
function fakePool(failReset = false) {
  const log: string[] = [];
  const released: unknown[] = [];
  const pool = {
    connect(cb: (err: unknown, client?: unknown, release?: Release) => void) {
      const client = {
        query: (sql: string) => {
          log.push(sql);
          return sql.startsWith('RESET') && failReset ? Promise.reject(new Error('reset failed')) : Promise.resolve({ rows: [] });
        },
        release: undefined as unknown,
      };
      const release: Release = (err) => released.push(err ?? 'ok');
      client.release = release;
      setImmediate(() => cb(undefined, client, release));
    },
  };
  const ds = { driver: { master: pool } } as unknown as DataSource;
  installLaScopedPool(ds);
  const connect = () =>
    new Promise<{ client: { query: (s: string) => Promise<unknown> }; release: Release }>((resolve, reject) =>
      (pool.connect as (cb: (e: unknown, c?: any, r?: Release) => void) => void)((e, c, r) => (e ? reject(e) : resolve({ client: c, release: r! }))),
    );
  return { log, released, connect };
}

const leader: Principal = { kind: 'user', id: '1', label: 'l', role: 'leader', las: ['805'] };
const flush = () => new Promise((r) => setImmediate(r));

describe('installLaScopedPool', () => {
  it('leaves connections outside any request scope to the owner, untouched', async () => {
    const { log, released, connect } = fakePool();
    const { release } = await connect();
    release();
    expect(log).toEqual([]);
    expect(released).toEqual(['ok']);
  });

  it("sets the application role and the principal's LAs before handing a connection out, and resets it on release", async () => {
    const { log, released, connect } = fakePool();
    const { release } = await runAsPrincipal(leader, connect);
    expect(log).toEqual(["SET ROLE send_app; SELECT set_config('app.la_codes', '805', false)"]);
    release();
    await flush();
    expect(log[1]).toBe('RESET ROLE; RESET app.la_codes');
    expect(released).toEqual(['ok']);
  });

  it('shows no LA to a request nobody has signed in to, and every LA to an administrator', async () => {
    const { log, connect } = fakePool();
    await runInRequestScope(connect);
    await runAsPrincipal({ ...leader, role: 'admin', las: '*' }, connect);
    expect(log).toEqual([
      "SET ROLE send_app; SELECT set_config('app.la_codes', '', false)",
      "SET ROLE send_app; SELECT set_config('app.la_codes', '*', false)",
    ]);
  });

  it('destroys a connection whose reset fails, so no scope outlives its request', async () => {
    const { released, connect } = fakePool(true);
    const { release } = await runAsPrincipal(leader, connect);
    release();
    await flush();
    expect(released).toEqual([expect.objectContaining({ message: 'reset failed' })]);
  });

  it('runs system work inside a request as the owner', async () => {
    const { log, connect } = fakePool();
    await runAsPrincipal(leader, () => runAsSystem(connect));
    expect(log).toEqual([]);
  });

  it('refuses an LA that is not a three-digit code rather than write it into SQL', async () => {
    const { connect } = fakePool();
    await expect(runAsPrincipal({ ...leader, las: ["805', true); --"] }, connect)).rejects.toThrow(/not an LA code/);
  });
});
