// Case-list and NHS referral extracts through their mapping profiles, end to end on the real API
// and PostgreSQL: a dry run keeps nothing; the same extract again writes nothing; a corrected or
// removed date retracts the old event; a bad header, date or profile is refused naming it; an
// NHS extract's names, NHS numbers and postcodes are never stored.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliWithEnv } from './support/cli';
import { startApi, type TestApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';

const SECRET = 'test-only-secret-for-extract-imports-0123456789';
const WIDE = [
  'LA',
  'Case reference',
  'Child reference',
  'Request received',
  'Primary need',
  'Decision to assess',
  'Decision',
  'EP advice requested',
  'EP advice received',
  'SLT advice requested',
  'SLT advice received',
  'Health advice requested',
  'Health advice received',
  'Social care advice requested',
  'Social care advice received',
  'School advice requested',
  'School advice received',
  'Decision to issue',
  'Issue decision',
  'Draft plan issued',
  'Final plan issued',
  'Withdrawn',
];

const csv = (header: string[], rows: Record<string, string>[]) =>
  [header.join(','), ...rows.map((r) => header.map((h) => r[h] ?? '').join(','))].join('\n') + '\n';

let api: TestApi;
const saved = process.env.CHILD_REF_SECRET;
beforeAll(async () => {
  process.env.CHILD_REF_SECRET = SECRET;
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  if (saved === undefined) delete process.env.CHILD_REF_SECRET;
  else process.env.CHILD_REF_SECRET = saved;
});

const eventsOfCases = async (prefix: string) =>
  Number((await api.db.query(`SELECT count(*) FROM events WHERE case_ref LIKE $1`, [`${prefix}-%`]))[0].count);

const post = (profile: string, body: string, dryRun = false) =>
  api
    .http()
    .post('/v1/imports/extract')
    .query({ profile, dryRun: String(dryRun) })
    .set('content-type', 'text/csv')
    .send(body);

describe('POST /v1/imports/extract (mapping profiles, real PostgreSQL)', () => {
  const p = uniquePrefix('wide');
  const rows = [1, 2, 3].map((n) => ({
    LA: '805',
    'Case reference': `${p}-EHC-${n}`,
    'Child reference': `${p}-C-${n}`,
    'Request received': '2026-01-05',
    'Primary need': 'ASD',
    'Decision to assess': '2026-02-10',
    Decision: 'Assess',
    'EP advice requested': '2026-02-12',
    'EP advice received': n === 1 ? '2026-03-20' : '',
    'Final plan issued': n === 2 ? '2026-05-20' : '',
  }));
  const stored = async () =>
    (await api.db.query(
      `SELECT event_id, type, occurred_on::text AS on, retracts_event_id FROM events WHERE case_ref LIKE $1 ORDER BY event_id`,
      [`${p}-%`],
    )) as {
      event_id: string;
      type: string;
      on: string;
      retracts_event_id: string | null;
    }[];

  it('previews with a dry run, imports, and treats the same extract again as duplicates', async () => {
    const dry = await post('wide-ehc', csv(WIDE, rows), true).expect(200);
    expect(dry.body).toEqual({
      profile: 'wide-ehc',
      rows: 11,
      inserted: 11,
      duplicates: 0,
      cases: 3,
      newCases: 3,
      retracted: 0,
      dryRun: true,
      fileSha256: createHash('sha256').update(csv(WIDE, rows)).digest('hex'),
      byLa: { '805': { ehc_assessment: 11 } },
    });
    expect(await stored()).toEqual([]);
    const recordsOf = (sha: string) =>
      api.db.query(
        `SELECT la_code, kind, profile, outcome, actor_kind, records, inserted, new_cases, by_pathway
           FROM file_imports WHERE file_sha256 = $1`,
        [sha],
      );
    // A dry run is a preview, not an import: nothing is recorded.
    expect(await recordsOf(dry.body.fileSha256)).toEqual([]);
    const first = await post('wide-ehc', csv(WIDE, rows)).expect(200);
    expect(first.body).toMatchObject({ rows: 11, inserted: 11, newCases: 3, dryRun: false });
    expect(await recordsOf(first.body.fileSha256)).toEqual([
      {
        la_code: '805',
        kind: 'extract',
        profile: 'wide-ehc',
        outcome: 'imported',
        actor_kind: 'user',
        records: 11,
        inserted: 11,
        new_cases: 3,
        by_pathway: { ehc_assessment: 11 },
      },
    ]);
    const again = await post('wide-ehc', csv(WIDE, rows)).expect(200);
    expect(again.body).toMatchObject({ rows: 11, inserted: 0, duplicates: 11, retracted: 0 });
  });

  it('retracts the old event when a date is corrected or removed, once', async () => {
    const corrected = rows.map((r, i) =>
      i === 1 ? { ...r, 'Final plan issued': '2026-05-21' } : i === 0 ? { ...r, 'EP advice received': '' } : r,
    );
    const res = await post('wide-ehc', csv(WIDE, corrected)).expect(200);
    // One new final plan; two retractions (the old final plan, the removed advice).
    expect(res.body).toMatchObject({ rows: 12, inserted: 3, retracted: 2, newCases: 0 });
    const events = await stored();
    const retracted = new Set(events.filter((e) => e.type === 'retract').map((e) => e.retracts_event_id));
    const live = events.filter((e) => e.type !== 'retract' && !retracted.has(e.event_id));
    expect(live.filter((e) => e.type === 'final_plan_issued').map((e) => e.on)).toEqual(['2026-05-21']);
    expect(live.filter((e) => e.type === 'advice_received')).toEqual([]);
    const replay = await post('wide-ehc', csv(WIDE, corrected)).expect(200);
    expect(replay.body).toMatchObject({ inserted: 0, retracted: 0 });
  });

  it('refuses an unknown profile, a header the profile does not fit, and bad cells, naming each', async () => {
    const unknown = await post('no-such-profile', csv(WIDE, rows)).expect(400);
    expect(unknown.body.message).toEqual([expect.stringContaining('there is no import profile "no-such-profile"; profiles: ')]);
    const header = await post('wide-ehc', csv([...WIDE.filter((h) => h !== 'Withdrawn'), 'Child name'], rows)).expect(422);
    expect(header.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['Child name', 'Withdrawn']);
    const q = uniquePrefix('widebad');
    const bad = [
      { ...rows[0], 'Case reference': `${q}-1`, 'Decision to assess': '2026-02-30' },
      { ...rows[1], 'Case reference': `${q}-2`, Decision: 'Maybe' },
    ];
    const cells = await post('wide-ehc', csv(WIDE, bad)).expect(422);
    expect(cells.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, 'Decision to assess'],
      [3, 'Decision'],
    ]);
    expect(await eventsOfCases(q)).toBe(0);
  });

  it('keeps no patient name, NHS number, postcode or date of birth from an NHS extract', async () => {
    const n = uniquePrefix('nhs');
    const header = [
      'Referral ID',
      'Local authority code',
      'Service',
      'NHS number',
      'Patient name',
      'Date of birth',
      'Postcode',
      'GP practice',
      'Referral date',
      'First DNA date',
      'First contact date',
      'Assessment start date',
      'Discharge date',
      'Closed date',
      'Closure reason',
    ];
    const people = [1, 2, 3, 4].map((i) => ({
      'Referral ID': `${n}-R${i}`,
      'Local authority code': '805',
      Service: i % 2 ? 'Speech and language therapy' : 'Autism assessment',
      'NHS number': `943 476 ${5900 + i}`,
      'Patient name': `Qwertyname${i}`,
      'Date of birth': '14/07/2016',
      Postcode: `ZZ99 ${i}QQ`,
      'GP practice': 'Y00000',
      'Referral date': '03/02/2026',
      'First DNA date': i === 1 ? '10/03/2026' : '',
      'First contact date': i === 3 ? '15/04/2026' : '',
      'Assessment start date': i === 4 ? '01/06/2026' : '',
    }));
    const res = await post('nhs-referrals', csv(header, people)).expect(200);
    expect(res.body).toMatchObject({ inserted: 7, newCases: 4 });
    const rowsStored: { r: string }[] = await api.db.query(`SELECT e::text AS r FROM events e WHERE case_ref LIKE $1`, [`${n}-%`]);
    const text = rowsStored.map((r) => r.r).join('\n');
    expect(rowsStored).toHaveLength(7);
    for (const id of ['Qwertyname', '943 476', '9434765', 'ZZ99', '2016-07-14', 'Y00000']) expect(text).not.toContain(id);
  });

  it('previews and imports from the command line', async () => {
    const c = uniquePrefix('widecli');
    const file = join(tmpdir(), `extract-${process.pid}.csv`);
    writeFileSync(
      file,
      csv(
        WIDE,
        rows.map((r) => ({ ...r, 'Case reference': `${c}-${r['Case reference']}` })),
      ),
    );
    const env = { CHILD_REF_SECRET: SECRET };
    const dry = await cliWithEnv(env, 'import-extract', '--profile', 'wide-ehc', file, '--dry-run', '--no-progress');
    expect(dry.stdout).toMatch(/dry run: nothing kept/);
    expect(dry.stdout).toMatch(/11 new events, 0 duplicates, 3 cases \(3 new\)/);
    expect(await eventsOfCases(c)).toBe(0);
    const real = await cliWithEnv(env, 'import-extract', '--profile', 'wide-ehc', file, '--no-progress');
    expect(real.stdout).toMatch(/imported .*11 new events/);
    await expect(cliWithEnv(env, 'import-extract', '--profile', 'nope', file)).rejects.toMatchObject({
      stderr: expect.stringMatching(/no import profile "nope"/),
    });
  });
});
