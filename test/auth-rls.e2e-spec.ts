// Row-level security in PostgreSQL itself: the application role with LA 805 set sees and writes
// nothing of LA 807, on every table with la_code, whether queried raw or through the API's
// DataSource inside a principal's scope; pooled connections never carry a scope to the next user.
import { Client } from 'pg';
import { APP_DB_ROLE, type Principal, runAsPrincipal } from '@app/access';
import { migrateDataSource } from '@app/database';
import { type TestApi, startApi } from './support/api-app';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

const HOME = '805';
const OTHER = '807';
const leaderOf805: Principal = { kind: 'user', id: '0', label: 'rls test', role: 'leader', las: [HOME] };

describe('row-level security (PostgreSQL)', () => {
  let api: TestApi;
  let raw: Client;
  const prefix = uniquePrefix('rls');

  beforeAll(async () => {
    api = await startApi();
    await api
      .http()
      .post('/v1/events')
      .send([...ehcAssessment(prefix, 1, HOME), ...ehcAssessment(prefix, 2, OTHER)])
      .expect(200);
    // A school and a termly return in each LA (issue 15's tables).
    for (const [la, urn] of [
      [HOME, '900805'],
      [OTHER, '900807'],
    ]) {
      await api.db.query(`INSERT INTO schools (la_code, school_urn) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [la, urn]);
      await api.db.query(
        `INSERT INTO school_returns (la_code, school_urn, returned_on, child_ref, need_code, started_on)
         VALUES ($1, $2, '2026-03-27', $3, 'SLCN', '2025-09-15') ON CONFLICT DO NOTHING`,
        [la, urn, `${prefix}-C-${la}`],
      );
    }
    raw = new Client({ connectionString: process.env.DATABASE_URL });
    await raw.connect();
  });
  afterAll(async () => {
    await raw.end();
    await api.close();
  });

  /** Runs `work` on the raw connection as the application role with app.la_codes = `las`, then rolls back. */
  async function asAppRole<T>(las: string, work: () => Promise<T>): Promise<T> {
    await raw.query('BEGIN');
    try {
      await raw.query(`SET LOCAL ROLE ${APP_DB_ROLE}`);
      await raw.query(`SELECT set_config('app.la_codes', $1, true)`, [las]);
      return await work();
    } finally {
      await raw.query('ROLLBACK');
    }
  }

  async function tablesWithLaCode(): Promise<string[]> {
    const rows = await api.db.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'la_code' AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    return rows.map((r: { relname: string }) => r.relname);
  }

  it('enables row security with a policy on every table that has la_code', async () => {
    const tables = await tablesWithLaCode();
    expect(tables).toEqual(
      expect.arrayContaining([
        'events',
        'cases',
        'case_evaluations',
        'case_milestones',
        'alerts',
        'targets',
        'audit_log',
        'schools',
        'school_returns',
      ]),
    );
    const unprotected = await api.db.query(
      `SELECT c.relname FROM pg_class c WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace
         AND (NOT c.relrowsecurity OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))`,
      [tables],
    );
    expect(unprotected).toEqual([]);
  });

  it('gives a table added by a later migration the same policy when migrate runs', async () => {
    const table = `rls_probe_${process.pid}`;
    await api.db.query(`CREATE TABLE ${table} (la_code text NOT NULL, v int)`);
    try {
      await api.db.query(`INSERT INTO ${table} VALUES ($1, 1), ($2, 2)`, [HOME, OTHER]);
      await migrateDataSource(api.db);
      const seen = await asAppRole(HOME, () => raw.query(`SELECT la_code FROM ${table}`));
      expect(seen.rows).toEqual([{ la_code: HOME }]);
      const [policy] = await api.db.query(`SELECT pg_get_expr(polqual, polrelid) AS q FROM pg_policy WHERE polrelid = $1::regclass`, [
        table,
      ]);
      expect(policy.q).toContain('SELECT la_scope()');
    } finally {
      await api.db.query(`DROP TABLE ${table}`);
    }
  });

  it('returns nothing of LA 807 to a raw query under the application role with LA 805 set, on any table', async () => {
    const owner = Number((await api.db.query(`SELECT count(*) FROM events WHERE la_code = $1`, [OTHER]))[0].count);
    expect(owner).toBeGreaterThan(0);
    await asAppRole(HOME, async () => {
      expect((await raw.query('SELECT current_user')).rows[0].current_user).toBe(APP_DB_ROLE);
      expect((await raw.query(`SELECT count(*)::int AS n FROM events WHERE la_code = $1`, [OTHER])).rows[0].n).toBe(0);
      expect((await raw.query(`SELECT count(*)::int AS n FROM cases WHERE case_ref = $1`, [`${prefix}-EHC-2`])).rows[0].n).toBe(0);
      expect((await raw.query(`SELECT count(*)::int AS n FROM cases WHERE case_ref = $1`, [`${prefix}-EHC-1`])).rows[0].n).toBe(1);
      const tables = await tablesWithLaCode();
      const readable = (
        await api.db.query(`SELECT t FROM unnest($1::text[]) t WHERE has_table_privilege($2, t, 'SELECT')`, [tables, APP_DB_ROLE])
      ).map((r: { t: string }) => r.t);
      expect(readable).toEqual(expect.arrayContaining(['events', 'cases', 'alerts', 'audit_log', 'schools', 'school_returns']));
      expect((await raw.query(`SELECT count(*)::int AS n FROM school_returns WHERE school_urn = '900807'`)).rows[0].n).toBe(0);
      expect((await raw.query(`SELECT count(*)::int AS n FROM school_returns WHERE school_urn = '900805'`)).rows[0].n).toBe(1);
      for (const table of readable) {
        if (table === 'local_authorities') continue;
        const { rows } = await raw.query(`SELECT count(*)::int AS n FROM ${table} WHERE la_code IS DISTINCT FROM $1`, [HOME]);
        expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
      }
    });
  });

  it('refuses to write a row of LA 807 under LA 805', async () => {
    await expect(
      asAppRole(HOME, () =>
        raw.query(
          `INSERT INTO events (la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, source)
           VALUES ($1, $2, 'X-1', 'C-1', 'slt', 'referral_received', '2026-01-01', 'api')`,
          [OTHER, `${prefix}-forged`],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(asAppRole(HOME, () => raw.query(`UPDATE cases SET event_count = 0 WHERE la_code = $1`, [OTHER]))).resolves.toMatchObject({
      rowCount: 0,
    });
  });

  it("refuses a school of LA 807 and its return to LA 805's principal, through the API and the repository", async () => {
    const key = await api.apiKey(HOME);
    const refused = await api
      .as(key.key)()
      .post('/v1/imports/school-return')
      .query({ la: HOME, school: '900807', returnedOn: '2026-03-27' })
      .set('content-type', 'text/csv')
      .send(`childRef,schoolUrn,needCode,ncYear,startedOn,lastReviewedOn\n${prefix}-X1,900807,SLCN,3,2025-09-15,\n`)
      .expect(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'school' });
    const other = await api
      .as(key.key)()
      .post('/v1/imports/school-return')
      .query({ la: OTHER, school: '900807', returnedOn: '2026-03-27' })
      .set('content-type', 'text/csv')
      .send(`childRef,schoolUrn,needCode,ncYear,startedOn,lastReviewedOn\n${prefix}-X1,900807,SLCN,3,2025-09-15,\n`);
    expect([other.status, other.body.message]).toEqual([403, 'LA 807 is outside your access']);
    expect(Number((await api.db.query(`SELECT count(*) FROM events WHERE child_ref = $1`, [`${prefix}-X1`]))[0].count)).toBe(0);
    const seen = await runAsPrincipal(leaderOf805, () =>
      api.db.query(`SELECT la_code, school_urn FROM school_returns WHERE child_ref LIKE $1 ORDER BY 1`, [`${prefix}-%`]),
    );
    expect(seen).toEqual([{ la_code: HOME, school_urn: '900805' }]);
    const leader = await api.user('leader', [HOME]);
    await api.as(leader.token)().get('/v1/reports/sen-support').query({ la: OTHER }).expect(403);
  });

  it('shows no LA at all when none is set, and keeps credentials out of reach', async () => {
    await asAppRole('', async () => {
      expect((await raw.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n).toBe(0);
    });
    for (const table of ['users', 'sessions', 'api_keys']) {
      await expect(asAppRole('*', () => raw.query(`SELECT count(*) FROM ${table}`))).rejects.toThrow(/permission denied/);
    }
    await expect(asAppRole('*', () => raw.query(`DELETE FROM audit_log`))).rejects.toThrow(/permission denied/);
  });

  it('reads the scope once a statement: a list sees its LAs, every policy checks rows against InitPlans, not the setting', async () => {
    const refs = [`${prefix}-EHC-1`, `${prefix}-EHC-2`];
    const las = (scope: string) =>
      asAppRole(scope, async () =>
        (await raw.query(`SELECT la_code FROM cases WHERE case_ref = ANY($1) ORDER BY 1`, [refs])).rows.map((r) => r.la_code),
      );
    expect(await las(`${HOME},${OTHER}`)).toEqual([HOME, OTHER]);
    expect(await las(`${OTHER}`)).toEqual([OTHER]);
    expect(await las('*')).toEqual([HOME, OTHER]);
    // The row filter compares la_code with the InitPlans' results: no current_setting per row.
    const explain = `EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM events WHERE type <> 'x'`;
    const plan = await asAppRole(HOME, async () => (await raw.query(explain)).rows.map((r) => r['QUERY PLAN']));
    const filter = plan.find((l: string) => l.includes('Filter:')) ?? '';
    expect(plan.filter((l: string) => l.includes('InitPlan'))).toHaveLength(2);
    expect(filter).toMatch(/la_code = ANY \(\$1\)/);
    expect(filter).not.toMatch(/current_setting/);
    // Every isolation policy (those of later migrations too) is written that way.
    const perRow = await api.db.query(
      `SELECT polrelid::regclass::text AS t FROM pg_policy WHERE polname = 'la_isolation'
         AND (pg_get_expr(polqual, polrelid) NOT LIKE '%SELECT la_scope()%'
           OR pg_get_expr(polwithcheck, polrelid) NOT LIKE '%SELECT la_scope()%')`,
    );
    expect(perRow).toEqual([]);
  });

  it('scopes the API’s own DataSource inside a principal’s scope, and only there', async () => {
    const scoped = await runAsPrincipal(leaderOf805, () =>
      api.db.query(`SELECT current_user AS role, array_agg(DISTINCT la_code ORDER BY la_code) AS las FROM cases WHERE case_ref LIKE $1`, [
        `${prefix}-%`,
      ]),
    );
    expect(scoped).toEqual([{ role: APP_DB_ROLE, las: [HOME] }]);
    const owner = await api.db.query(
      `SELECT current_user AS role, array_agg(DISTINCT la_code ORDER BY la_code) AS las FROM cases WHERE case_ref LIKE $1`,
      [`${prefix}-%`],
    );
    expect(owner).toEqual([{ role: 'postgres', las: [HOME, OTHER] }]);
  });

  it('never lets a scope leak to the next user of a pooled connection, under concurrency', async () => {
    const count = `SELECT current_user AS role, count(*)::int AS n FROM cases WHERE la_code = '${OTHER}' AND case_ref LIKE '${prefix}-%'`;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? runAsPrincipal(leaderOf805, () => api.db.query(count)).then(([r]) => ({ scoped: true, ...r }))
          : api.db.query(count).then(([r]) => ({ scoped: false, ...r })),
      ),
    );
    for (const r of results) {
      expect(r).toEqual(r.scoped ? { scoped: true, role: APP_DB_ROLE, n: 0 } : { scoped: false, role: 'postgres', n: 1 });
    }
  });

  it('keeps a repository’s own transaction (BEGIN ... ROLLBACK) restricted until the connection is released', async () => {
    const seen = await runAsPrincipal(leaderOf805, async () => {
      const runner = api.db.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.rollbackTransaction();
        return await runner.query(`SELECT current_user AS role, count(*)::int AS n FROM events WHERE la_code = $1`, [OTHER]);
      } finally {
        await runner.release();
      }
    });
    expect(seen).toEqual([{ role: APP_DB_ROLE, n: 0 }]);
  });
});
