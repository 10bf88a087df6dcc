import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestApi, startApi } from './support/api-app';
import { cli } from './support/cli';

describe('the demo seed and the command line, end to end', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  it('seeds Hartlepool with the CLI, then serves one of its cases over HTTP', async () => {
    const { stdout } = await cli('seed', '--la', '805', '--cases', '400', '--seed', '3', '--as-of', '2026-11-22', '--no-progress');
    expect(stdout).toMatch(/seeded 400 cases, \d+ events to the database/);
    const [row] = await api.db.query(
      `SELECT case_ref, event_count FROM cases
       WHERE la_code = '805' AND pathway = 'ehc_assessment' AND case_ref LIKE 'EHC-805-%'
       ORDER BY event_count DESC, case_ref LIMIT 1`,
    );
    const res = await api.http().get(`/v1/cases/805/${row.case_ref}?asOf=2026-11-22`).expect(200);
    expect(res.body.timeline).toHaveLength(row.event_count);
    expect(res.body.timeline[0].type).toBe('request_received');
    expect(res.body.milestones.map((m: { key: string }) => m.key)).toContain('decision_to_assess');
    // One synthetic user per role is printed; the caseworker signs in and reads the same case.
    const [, email, password] = /caseworker\s+(\S+)\s+(\S+)\s+\(LA 805, staff (\S+)\)/.exec(stdout) ?? [];
    const signIn = await api.anonymous().post('/v1/auth/sign-in').send({ email, password }).expect(200);
    expect(signIn.body).toMatchObject({ role: 'caseworker', las: ['805'], staffRef: expect.stringMatching(/^CW-805-/) });
    await api.as(signIn.body.token)().get(`/v1/cases/805/${row.case_ref}`).expect(200);
    for (const role of ['team_manager', 'leader', 'commissioner', 'admin']) expect(stdout).toContain(role);
    expect(stdout).toMatch(/ingest API key for LA 805 \(Authorization: Bearer \.\.\.\): smk_\S+/);
  });

  it('writes a seed as CSV and imports it with the CLI, then reports a replay as duplicates', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'area.csv');
    await cli('seed', '--la', '201', '--cases', '150', '--seed', '5', '--as-of', '2026-11-22', '--csv', file, '--no-progress');
    const rows = readFileSync(file, 'utf8').trim().split('\n').length - 1;
    const first = await cli('import', file, '--no-progress');
    expect(first.stdout).toContain(`imported ${file}: ${rows} rows, ${rows} new events, 0 duplicates`);
    const again = await cli('import', file, '--no-progress');
    expect(again.stdout).toContain(`${rows} rows, 0 new events, ${rows} duplicates`);
  });

  it('stops with the line, field and reason of a bad row, and writes nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bad-')), 'bad.csv');
    writeFileSync(file, 'eventId,la,caseRef,childRef,pathway,type,date\nBAD-1,805,BAD-CASE-1,C-BAD-1,slt,referral_received,2026-13-01\n');
    await expect(cli('import', file, '--no-progress')).rejects.toMatchObject({
      stderr: expect.stringContaining('row 0 (line 2) BAD-1 date: date must be a calendar date written YYYY-MM-DD'),
    });
    expect(await api.countEvents('BAD')).toBe(0);
  });

  it('refuses a key that would never expire (--expires-days 0) or be born expired (-1), and makes none', async () => {
    for (const days of ['0', '-1', '1.5', 'soon']) {
      const name = `expiry ${days}`;
      await expect(cli('key', 'create', '--la', '805', '--name', name, '--expires-days', days)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`refused: a key's expiry must be a whole number of days from 1 to 3650 (got ${Number(days)})`),
      });
      expect(await api.db.query(`SELECT key_id FROM api_keys WHERE name = $1`, [name])).toEqual([]);
    }
    const { stdout } = await cli('key', 'create', '--la', '805', '--name', 'expiry 30', '--expires-days', '30');
    const [row] = await api.db.query(`SELECT expires_at FROM api_keys WHERE name = 'expiry 30'`);
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    expect(stdout).toContain(`, expires ${row.expires_at.toISOString()}`);
  });

  it('migrates an up-to-date database as a no-op', async () => {
    const { stdout } = await cli('migrate');
    expect(stdout).toContain('migrations applied: none (up to date)');
  });
});
