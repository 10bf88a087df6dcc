// scripts/backup.sh and scripts/restore.sh, end to end: a seeded database is dumped, restored under
// another name, and the restored one answers the same reports and case timelines; its audit log
// is still append-only, and row-level security came back with it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type * as ApiApp from './support/api-app';
import { cliWithEnv } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const LA = '850';
const AS_OF = '2026-11-22';

let source: ScratchDatabase;
let restoredUrl: string;
let restoredName: string;
const dir = mkdtempSync(join(tmpdir(), 'send-backup-'));

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

function script(name: string, args: string[], env: Record<string, string> = {}) {
  return run('bash', [join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

/**
 * What people read, from an API on `url`: reports of the LA and the timelines of some cases. A
 * fresh module registry per database, since each app reads its configuration once.
 */
async function answersFrom(url: string, caseRefs: string[]): Promise<Record<string, unknown>> {
  process.env.DATABASE_URL = url;
  let startApi!: typeof ApiApp.startApi;
  jest.isolateModules(() => {
    ({ startApi } = jest.requireActual<typeof ApiApp>('./support/api-app'));
  });
  const api = await startApi();
  try {
    const get = async (path: string, query: Record<string, string>) => (await api.http().get(path).query(query).expect(200)).body;
    const period = { la: LA, from: '2025-04-01', to: AS_OF, format: 'json' };
    const answers: Record<string, unknown> = {
      ehc: await get('/v1/reports/ehc-timeliness', { ...period, by: 'la' }),
      stages: await get('/v1/reports/stage-timeliness', period),
      reviews: await get('/v1/reports/annual-reviews', period),
      waiting: await get('/v1/reports/waiting-list', { la: LA, pathway: 'slt', asOf: AS_OF, format: 'json' }),
      open: await get('/v1/reports/open-assessments', { la: LA, asOf: AS_OF, format: 'json' }),
    };
    for (const ref of caseRefs) answers[ref] = await get(`/v1/cases/${LA}/${ref}`, { asOf: AS_OF });
    return answers;
  } finally {
    await api.close();
  }
}

beforeAll(async () => {
  source = await createScratchDatabase('backup');
  source.use();
  const url = new URL(source.url);
  restoredName = `${source.name.slice(0, 50)}_restored`;
  url.pathname = `/${restoredName}`;
  restoredUrl = url.toString();
  await cliWithEnv({ DATABASE_URL: source.url }, 'seed', '--la', LA, '--cases', '300', '--seed', '11', '--as-of', AS_OF, '--no-progress');
});

afterAll(async () => {
  const admin = new URL(source.url);
  admin.pathname = '/postgres';
  await query(admin.toString(), `DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`).catch(() => undefined);
  await source?.drop();
});

describe('backup and restore', () => {
  it('restores a dump under another name that answers the same reports and case timelines', async () => {
    const cases = await query<{ case_ref: string }>(
      source.url,
      `SELECT case_ref FROM cases WHERE la_code = $1 ORDER BY event_count DESC, case_ref LIMIT 5`,
      [LA],
    );
    expect(cases).toHaveLength(5);
    const refs = cases.map((c) => c.case_ref);
    const before = await answersFrom(source.url, refs);
    expect((before[refs[0]] as { timeline: unknown[] }).timeline.length).toBeGreaterThan(0);
    expect(JSON.stringify(before.ehc)).toMatch(/[1-9]/);

    const file = join(dir, 'send.dump');
    const { stdout } = await script('backup.sh', [file], { DATABASE_URL: source.url });
    expect(stdout.trim()).toBe(file);
    expect(readFileSync(`${file}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}send\.dump\n$/);

    await script('restore.sh', [file, restoredUrl]);
    // Every row of the audit log came across, the reads just made included.
    const audit = `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM audit_log t`;
    expect(await query(restoredUrl, audit)).toEqual(await query(source.url, audit));
    expect((await query<{ n: number }>(restoredUrl, audit))[0].n).toBeGreaterThan(0);

    const after = await answersFrom(restoredUrl, refs);
    expect(after).toEqual(before);
  });

  it('keeps the audit log append-only and the row-level security in the restored database', async () => {
    await expect(query(restoredUrl, `UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(query(restoredUrl, `DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(query(restoredUrl, `TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    await expect(query(restoredUrl, `DELETE FROM events`)).rejects.toThrow(/append-only/);
    const policies = `SELECT polrelid::regclass::text AS rel, polname FROM pg_policy ORDER BY 1, 2`;
    const restoredPolicies = await query(restoredUrl, policies);
    expect(restoredPolicies.length).toBeGreaterThan(5);
    expect(restoredPolicies).toEqual(await query(source.url, policies));
    // Under the request role, a request for another LA sees none of this LA's cases; its own, all.
    const c = new Client({ connectionString: restoredUrl });
    await c.connect();
    try {
      const count = async (las: string) => {
        await c.query('BEGIN');
        await c.query('SET LOCAL ROLE send_app');
        await c.query(`SELECT set_config('app.la_codes', $1, true)`, [las]);
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM cases WHERE la_code = $1`, [LA]);
        await c.query('ROLLBACK');
        return rows[0].n as number;
      };
      expect(await count('999')).toBe(0);
      expect(await count(LA)).toBe(300);
    } finally {
      await c.end();
    }
  });

  it('refuses to restore over an existing database, or a file that does not match its checksum', async () => {
    const file = join(dir, 'send.dump');
    await expect(script('restore.sh', [file, restoredUrl])).rejects.toMatchObject({
      code: 73,
      stderr: expect.stringContaining('already exists'),
    });
    const corrupt = join(dir, 'corrupt.dump');
    writeFileSync(corrupt, Buffer.concat([readFileSync(file), Buffer.from('x')]));
    writeFileSync(`${corrupt}.sha256`, readFileSync(`${file}.sha256`, 'utf8').replace('send.dump', 'corrupt.dump'));
    const other = restoredUrl.replace(restoredName, `${restoredName.slice(0, 50)}_x`);
    await expect(script('restore.sh', [corrupt, other])).rejects.toMatchObject({ code: 65 });
  });
});
