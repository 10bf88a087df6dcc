// Termly SEN support returns end to end on the real API and PostgreSQL (issue 15): three returns of
// one school import to the expected starts, need changes, reviews and ends; the same return again
// writes nothing; a bad return (URN, another LA's school, a pupil twice, a future date) is refused
// naming the line and column, with nothing written.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';
import { startApi, type TestApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const HEADER = 'childRef,schoolUrn,needCode,ncYear,startedOn,lastReviewedOn';
// Synthetic URNs (9xxxxx, a range no real school uses here), one per run so files can share a database.
const urn = (n: number) => String(900000 + ((process.pid * 7 + n) % 99999)).padStart(6, '0');

const post = (la: string, school: string, returnedOn: string, body: string) =>
  api.http().post('/v1/imports/school-return').query({ la, school, returnedOn }).set('content-type', 'text/csv').send(body);

const eventsOf = async (school: string) =>
  (await api.db.query(
    `SELECT type, child_ref, occurred_on::text AS date, payload FROM events
     WHERE la_code = '805' AND case_ref LIKE $1 ORDER BY child_ref, occurred_on, type`,
    [`SS-${school}-%`],
  )) as { type: string; child_ref: string; date: string; payload: Record<string, unknown> }[];

describe('POST /v1/imports/school-return', () => {
  const p = uniquePrefix('ret');
  const school = urn(1);
  const c = (n: number) => `${p}-${n}`;
  const autumn = [HEADER, `${c(1)},${school},SLCN,3,2025-09-15,`, `${c(2)},${school},MLD,5,2025-09-15,2025-11-20`].join('\n');
  const spring = [
    HEADER,
    `${c(1)},${school},ASD,3,2025-09-15,2026-02-10`,
    `${c(2)},${school},MLD,5,2025-09-15,2025-11-20`,
    `${c(3)},${school},SEMH,6,2026-01-12,`,
  ].join('\n');
  const summer = [HEADER, `${c(1)},${school},ASD,3,2025-09-15,2026-05-20`, `${c(3)},${school},SEMH,6,2026-01-12,`].join('\n');

  beforeAll(async () => {
    await api.db.query(`INSERT INTO schools (la_code, school_urn) VALUES ('805', $1), ('806', $2) ON CONFLICT DO NOTHING`, [
      school,
      urn(2),
    ]);
  });

  it('imports three termly returns to the expected starts, need changes, reviews and ends', async () => {
    const first = await post('805', school, '2025-12-12', autumn).expect(200);
    expect(first.body).toMatchObject({ pupils: 2, flag: 'first', started: 2, needChanged: 0, reviewed: 1, ended: 0, inserted: 3 });
    const second = await post('805', school, '2026-03-27', spring).expect(200);
    expect(second.body).toMatchObject({ pupils: 3, flag: null, started: 1, needChanged: 1, reviewed: 1, ended: 0, inserted: 3 });
    const third = await post('805', school, '2026-07-17', summer).expect(200);
    expect(third.body).toMatchObject({ pupils: 2, flag: null, started: 0, needChanged: 0, reviewed: 1, ended: 1, inserted: 2 });

    const stored = await eventsOf(school);
    expect(stored.map((e) => [e.child_ref, e.type, e.date])).toEqual([
      [c(1), 'support_started', '2025-09-15'],
      [c(1), 'support_reviewed', '2026-02-10'],
      [c(1), 'need_changed', '2026-03-27'],
      [c(1), 'support_reviewed', '2026-05-20'],
      [c(2), 'support_started', '2025-09-15'],
      [c(2), 'support_reviewed', '2025-11-20'],
      [c(2), 'support_ended', '2026-07-17'],
      [c(3), 'support_started', '2026-01-12'],
    ]);
    expect(stored.find((e) => e.type === 'need_changed')?.payload).toEqual({ needCode: 'ASD' });
    expect(stored.find((e) => e.type === 'support_ended')?.payload).toEqual({ reason: 'not_in_return' });
  });

  it('writes nothing when the same return is sent again', async () => {
    const before = await eventsOf(school);
    const again = await post('805', school, '2026-03-27', spring).expect(200);
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 3 });
    expect(await eventsOf(school)).toEqual(before);
    // Each sending is recorded as an import, like every other file: the second took nothing new.
    const recorded = await api.db.query(
      `SELECT outcome, records, inserted, duplicates FROM file_imports WHERE kind = 'school_return' AND file_sha256 = $1 ORDER BY at`,
      [again.body.fileSha256],
    );
    expect(recorded.slice(-2)).toEqual([
      { outcome: 'imported', records: 3, inserted: 3, duplicates: 0 },
      { outcome: 'imported', records: 3, inserted: 0, duplicates: 3 },
    ]);
  });

  it('takes back a pupil who was left off a return: their "not in return" end is retracted, once', async () => {
    const autumn26 = [
      HEADER,
      `${c(1)},${school},ASD,3,2025-09-15,2026-05-20`,
      `${c(2)},${school},MLD,5,2025-09-15,2025-11-20`,
      `${c(3)},${school},SEMH,6,2026-01-12,`,
    ].join('\n');
    const res = await post('805', school, '2026-11-27', autumn26).expect(200);
    expect(res.body).toMatchObject({ restored: 1, started: 0, ended: 0, inserted: 1 });
    const retracted = await api.db.query(
      `SELECT e.type, e.occurred_on::text AS date FROM events r
         JOIN events e ON e.la_code = r.la_code AND e.event_id = r.retracts_event_id
        WHERE r.la_code = '805' AND r.case_ref = $1 AND r.type = 'retract'`,
      [`SS-${school}-${c(2)}`],
    );
    expect(retracted).toEqual([{ type: 'support_ended', date: '2026-07-17' }]);
    const again = await post('805', school, '2026-11-27', autumn26).expect(200);
    expect(again.body).toMatchObject({ restored: 1, inserted: 0 });
  });

  it('flags a return from a school that sent nothing the term before', async () => {
    const late = urn(3);
    await api.db.query(`INSERT INTO schools (la_code, school_urn) VALUES ('805', $1) ON CONFLICT DO NOTHING`, [late]);
    await post('805', late, '2025-12-12', [HEADER, `${p}-L1,${late},HI,,2025-10-01,`].join('\n')).expect(200);
    const res = await post('805', late, '2026-07-17', [HEADER, `${p}-L1,${late},HI,,2025-10-01,`].join('\n')).expect(200);
    expect(res.body.flag).toBe('gap');
  });

  it.each([
    ['a URN that is not 6 digits', school, '2026-07-17', `${p}-B1,12345,SLCN,3,2025-09-15,`, 'schoolUrn', 2],
    ['a pupil twice', school, '2026-07-17', `${p}-B1,${school},SLCN,3,2025-09-15,\n${p}-B1,${school},MLD,3,2025-09-15,`, 'childRef', 3],
    ['a start after the return', school, '2026-07-17', `${p}-B1,${school},SLCN,3,2026-08-01,`, 'startedOn', 2],
    ['a need that is not a code', school, '2026-07-17', `${p}-B1,${school},dyslexia,3,2025-09-15,`, 'needCode', 2],
  ])('refuses %s, naming the line and column, and writes nothing', async (_what, s, on, row, field, line) => {
    const before = (await eventsOf(school)).length;
    const res = await post('805', s, on, `${HEADER}\n${row}`).expect(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, line })]));
    expect((await eventsOf(school)).length).toBe(before);
  });

  it("refuses a return for another LA's school and a return dated in the future", async () => {
    const other = await post('805', urn(2), '2026-07-17', `${HEADER}\n${p}-B2,${urn(2)},SLCN,3,2025-09-15,`).expect(422);
    expect(other.body.errors[0]).toMatchObject({ field: 'school', reason: expect.stringContaining('not on LA 805') });
    const future = await post('805', school, '2099-01-01', `${HEADER}\n${p}-B3,${school},SLCN,3,2025-09-15,`).expect(422);
    expect(future.body.errors[0]).toMatchObject({ field: 'returnedOn', reason: expect.stringContaining('in the future') });
    expect(await api.db.query(`SELECT 1 FROM school_returns WHERE returned_on = '2099-01-01'`)).toEqual([]);
  });

  it('refuses a column that is not part of a return (a name has no place here)', async () => {
    const res = await post('805', school, '2026-07-17', `${HEADER},surname\n${p}-B4,${school},SLCN,3,2025-09-15,,Smith`).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'surname', line: 1 })]);
    expect(JSON.stringify(res.body)).not.toContain('Smith');
  });

  it('imports from the shell the same way: add-schools, then import-school-return, twice', async () => {
    const s = urn(4);
    const dir = tmpdir();
    writeFileSync(join(dir, `${p}-schools.txt`), `${s}\n`);
    writeFileSync(join(dir, `${p}-return.csv`), `${HEADER}\n${p}-S1,${s},SPLD,7,2025-09-15,2025-11-03\n`);
    await cli('add-schools', '--la', '805', join(dir, `${p}-schools.txt`));
    const args = ['import-school-return', '--la', '805', '--school', s, '--returned-on', '2025-12-12', join(dir, `${p}-return.csv`)];
    expect((await cli(...args)).stdout).toContain("(the school's first return): 1 pupils; 1 started");
    expect((await cli(...args)).stdout).toContain('0 new events, 2 already held');
  });
});
