import type { DataSource } from 'typeorm';
import { checkLaScope, laScopeFailures, type LaScopeProbe } from './la-scope-self-check';
import { databaseLaSetting } from './request-scope';

/**
 * A DataSource answering the probe's three queries as PostgreSQL would. `scoped`: whether queries
 * inside a scope run as send_app with the scope's LAs; `resets`: whether that is undone on release.
 */
function fakeDataSource({ la = '201' as string | null, scoped = true, resets = true, failScoped = false } = {}) {
  const seen: (string | undefined)[] = [];
  let leftOver: { role: string; las: string } | undefined;
  const query = async (sql: string): Promise<object[]> => {
    const setting = databaseLaSetting();
    seen.push(setting);
    const session = leftOver ?? { role: 'postgres', las: null };
    if (sql.includes('FROM local_authorities')) return [{ role: session.role, la }];
    if (!sql.includes('row_security_active')) return [session];
    if (failScoped) throw new Error('permission denied for table cases');
    if (!scoped || setting === undefined) return [{ ...session, rls: false, others: 4 }];
    if (!resets) leftOver = { role: 'send_app', las: setting };
    return [{ role: 'send_app', las: setting, rls: true, others: 0 }];
  };
  // DataSource.query is generic in its answer; this fake answers rows of the probe's shape only.
  return { ds: { query } as unknown as Pick<DataSource, 'query'>, seen };
}

describe('checkLaScope', () => {
  it('passes when a principal of one LA runs as send_app with that LA, sees no other LA, and the owner is back after', async () => {
    const { ds, seen } = fakeDataSource();
    await expect(checkLaScope(ds)).resolves.toBeUndefined();
    expect(seen).toEqual([undefined, '201', undefined]);
  });

  it('acts as an LA nobody can hold when no LA is loaded yet', async () => {
    const { ds, seen } = fakeDataSource({ la: null });
    await checkLaScope(ds);
    expect(seen[1]).toBe('000');
  });

  it('fails loudly, naming each check, when the DataSource does not scope requests', async () => {
    const { ds } = fakeDataSource({ scoped: false });
    const err: Error = await checkLaScope(ds).then(
      () => new Error('passed'),
      (e) => e,
    );
    expect(err.message).toMatch(/^LA scope self-check failed/);
    expect(err.message).toContain('current_user is postgres, not send_app');
    expect(err.message).toContain('app.la_codes is null, not "201"');
    expect(err.message).toContain('row security is not active on cases');
    expect(err.message).toContain('saw 4 rows of other LAs');
  });

  it('fails when the scope outlives the release of its connection', async () => {
    const { ds } = fakeDataSource({ resets: false });
    await expect(checkLaScope(ds)).rejects.toThrow(
      /after release, an unscoped query runs as send_app, not the owner postgres; after release, app.la_codes is still "201"/,
    );
  });

  it('fails, with the database’s reason, when the scoped query itself fails', async () => {
    const { ds } = fakeDataSource({ failScoped: true });
    await expect(checkLaScope(ds)).rejects.toThrow(/the probe query failed: permission denied for table cases/);
  });
});

describe('laScopeFailures', () => {
  const ok: LaScopeProbe = {
    owner: 'postgres',
    la: '805',
    scoped: { role: 'send_app', las: '805', rls: true, others: 0 },
    after: { role: 'postgres', las: '' },
  };

  it('finds nothing wrong with a scope in force (an empty setting after RESET is no scope)', () => {
    expect(laScopeFailures(ok)).toEqual([]);
  });

  it('refuses an owner that is the application role itself: nothing could be told apart', () => {
    expect(laScopeFailures({ ...ok, owner: 'send_app', after: { role: 'send_app', las: null } })).toEqual([
      'outside any request the database user is already send_app, not the owner',
    ]);
  });

  it('refuses a setting holding more than the principal’s LA', () => {
    expect(laScopeFailures({ ...ok, scoped: { ...ok.scoped, las: '*' } })).toEqual([
      'as a principal of LA 805, app.la_codes is "*", not "805"',
    ]);
  });
});
