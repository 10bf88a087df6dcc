// The SEN2 on-ramp end to end: a synthetic return (written as COLLECT lays it out) goes in through
// POST /v1/imports/sen2 and `cli import-sen2`; the real worker evaluates the cases; the EHC
// timeliness report for the year equals what the file itself says; a second import writes
// nothing; and no name, UPN, ULN or postcode from the file is anywhere in the database, the
// answers or the CLI's output. Its own scratch database, so its counts are its own.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { addDays } from '@app/rules';
import { cliWithEnv } from './support/cli';
import { startApi, type TestApi } from './support/api-app';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { sen2File } from './support/sen2-file';
import { startWorker } from './support/worker-app';

const SECRET = 'test-only-secret-for-sen2-imports-0123456789';
const LA = '805';
const YEAR = 2025;

let api: TestApi;
let worker: INestApplicationContext | undefined;
let scratch: ScratchDatabase;
const saved = process.env.CHILD_REF_SECRET;

beforeAll(async () => {
  scratch = await createScratchDatabase('sen2');
  scratch.use({ CHILD_REF_SECRET: SECRET });
  api = await startApi();
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await scratch?.drop();
  if (saved === undefined) delete process.env.CHILD_REF_SECRET;
  else process.env.CHILD_REF_SECRET = saved;
});

const post = (xml: string, token?: string) =>
  (token ? api.as(token)() : api.http()).post('/v1/imports/sen2').set('content-type', 'application/xml').send(xml);

/** Every row of every table of the scratch database, as text. */
async function everythingStored(): Promise<string> {
  const tables: { t: string }[] = await api.db.query(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { t } of tables) {
    const rows: { r: string }[] = await api.db.query(`SELECT x::text AS r FROM ${t} x`);
    parts.push(...rows.map((r) => r.r));
  }
  return parts.join('\n');
}

describe('SEN2 import (streamed XML, real PostgreSQL, Redis and worker)', () => {
  const file = sen2File({ la: LA, persons: 400, year: YEAR, seed: 'e2e' });

  it('imports a return, and the year’s EHC timeliness equals what the file says', async () => {
    const first = await post(file.xml).expect(200);
    expect(first.body).toMatchObject({ la: LA, persons: 400, duplicates: 0 });
    expect(first.body.inserted).toBe(first.body.rows);
    expect(first.body.rows).toBeGreaterThan(400 * 2);

    const again = await post(file.xml).expect(200);
    expect(again.body).toMatchObject({ persons: 400, inserted: 0, duplicates: first.body.rows });

    const [{ cases }] = await api.db.query(`SELECT count(*)::int AS cases FROM cases`);
    expect(cases).toBe(file.expected.requests + file.expected.activePlans);
    worker = await startWorker();
    for (const end = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 250))) {
      const [{ n, pending }] = await api.db.query(
        `SELECT (SELECT count(*) FROM case_evaluations)::int AS n, (SELECT count(*) FROM recompute_requests)::int AS pending`,
      );
      if (n === cases && pending === 0) break;
      if (Date.now() > end) throw new Error(`worker stored ${n} of ${cases} cases`);
    }
    const report = await api
      .http()
      .get('/v1/reports/ehc-timeliness')
      .query({ la: LA, from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, format: 'json' })
      .expect(200);
    const [row] = report.body.rows;
    expect(file.expected.plansIssued).toBeGreaterThan(50);
    expect(row.plansIssued).toBe(file.expected.plansIssued);
    expect(row.within20Weeks.including.count).toBe(file.expected.within20Weeks);
    // Excluding exceptions: the plans the LA reported under one (Week20) drop out, as the DfE counts them.
    expect(file.expected.withoutException).toBeLessThan(file.expected.plansIssued);
    expect(row.within20Weeks.excluding).toMatchObject({
      count: file.expected.within20WeeksWithoutException,
      of: file.expected.withoutException,
    });
  });

  it('checks a return before submission: the same file agrees; each change is a difference, named by position', async () => {
    const [{ n: stored }] = await api.db.query(`SELECT count(*)::int AS n FROM events`);
    const check = (xml: string, format = 'json') =>
      api
        .http()
        .post('/v1/checks/sen2')
        .query({ year: String(YEAR), format })
        .set('content-type', 'application/xml')
        .send(xml);
    const same = await check(file.xml).expect(200);
    expect(same.body.file).toEqual(same.body.monitor);
    expect(same.body.file.plansIssued).toBe(file.expected.plansIssued);
    expect(same.body.differences).toEqual([]);

    // Persons whose plan starts in the year: change one's date, flag another's exception, drop a third; add a stranger; repeat one.
    const parts = file.xml.split('<Person>');
    const planned = parts
      .map((p, i) => (i > 0 && p.includes(`<StartDate>${YEAR}-`) && p.includes('<Week20>0</Week20>') ? i : 0))
      .filter((i) => i > 0);
    const [moved, flagged, dropped] = planned;
    const start = /<StartDate>([^<]+)<\/StartDate>/.exec(parts[moved])![1];
    const earlier = addDays(start, start.endsWith('-01-01') ? 1 : -1);
    parts[moved] = parts[moved].replace(`<StartDate>${start}</StartDate>`, `<StartDate>${earlier}</StartDate>`);
    parts[flagged] = parts[flagged].replace('<Week20>0</Week20>', '<Week20>1</Week20>');
    const stranger = parts[dropped].replace(/<UPN>[^<]+<\/UPN>/, '<UPN>Z999999999999</UPN>');
    parts[dropped] = stranger;
    const changed = parts.join('<Person>').replace('</Persons>', `<Person>${parts[1].replace('</Person>\n', '</Person>')}</Persons>`);
    const res = await check(changed).expect(200);
    const seen = res.body.differences.map((d: { file?: string; what: string }) => `${d.what}@${d.file ?? 'monitor'}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `exception@person ${flagged}, request 1`,
        `missing_from_monitor@person ${dropped}, request 1`,
        'missing_from_file@monitor',
      ]),
    );
    expect(seen).toContain(`final_plan_date@person ${moved}, request 1`);
    // Excluding exceptions leaves out every plan of the year flagged Week20, the newly flagged one too.
    const flaggedPlans = changed.split('<Person>').filter((x) => x.includes(`<StartDate>${YEAR}-`) && x.includes('<Week20>1</Week20>'));
    expect(flaggedPlans.length).toBeGreaterThan(1);
    expect(res.body.file.within20WeeksExcluding.of).toBe(res.body.file.plansIssued - flaggedPlans.length);
    expect(res.body.problems).toEqual([expect.objectContaining({ record: `person ${parts.length}`, field: 'Person' })]);
    const text = JSON.stringify(res.body);
    expect(file.identifiers.filter((id) => text.includes(id))).toEqual([]);

    const csv = await check(changed, 'csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain(`difference,"person ${flagged}, request 1"`);
    // The check wrote nothing.
    expect((await api.db.query(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(stored);
  });

  it('keeps no name, UPN, ULN or postcode from the file, anywhere in the database', async () => {
    const stored = await everythingStored();
    expect(stored.length).toBeGreaterThan(10_000);
    const found = file.identifiers.filter((id) => stored.includes(id));
    expect(found).toEqual([]);
  });

  it('takes a later return that corrects a plan’s start: the old date retracted once, an earlier review kept', async () => {
    const parts = file.xml.split('<Person>');
    const withPlan = (p: string) => p.includes('<ActivePlans>') && p.includes('<StartDate>') && p.includes('<ReviewMeeting>');
    const [moved, reviewed] = parts.map((p, i) => (i > 0 && withPlan(p) ? i : 0)).filter((i) => i > 0);
    const start = /<StartDate>([^<]+)<\/StartDate>/.exec(parts[moved])![1];
    const received = /<ReceivedDate>([^<]+)<\/ReceivedDate>/.exec(parts[moved])![1];
    const corrected = addDays(start, -1) >= received ? addDays(start, -1) : addDays(start, 1);
    parts[moved] = parts[moved].split(`<StartDate>${start}</StartDate>`).join(`<StartDate>${corrected}</StartDate>`);
    // The other person's return lists a newer review meeting: the earlier one is history, not a correction.
    const meeting = /<ReviewMeeting>([^<]+)<\/ReviewMeeting>/.exec(parts[reviewed])![1];
    parts[reviewed] = parts[reviewed].replace(
      `<ReviewMeeting>${meeting}</ReviewMeeting>`,
      `<ReviewMeeting>${addDays(meeting, 1)}</ReviewMeeting>`,
    );
    const later = parts.join('<Person>');
    const [{ n: casesBefore }] = await api.db.query(`SELECT count(*)::int AS n FROM cases`);

    const res = await post(later).expect(200);
    // New: the final plan and the plan's start at the corrected date, the new meeting, and two retractions of the old dates.
    expect(res.body).toMatchObject({ inserted: 5, retracted: 2, newCases: 0 });
    expect((await api.db.query(`SELECT count(*)::int AS n FROM cases`))[0].n).toBe(casesBefore);
    const retracted = await api.db.query(
      `SELECT e.type, e.occurred_on::text AS on FROM events r JOIN events e ON e.la_code = r.la_code AND e.event_id = r.retracts_event_id
        WHERE r.type = 'retract' AND r.source = 'import' ORDER BY e.type`,
    );
    expect(retracted).toEqual([
      { type: 'final_plan_issued', on: start },
      { type: 'plan_active', on: start },
    ]);
    // The earlier meeting stands beside the new one.
    const meetings = await api.db.query(
      `SELECT count(*)::int AS n FROM events e WHERE e.type = 'review_meeting_held' AND e.occurred_on IN ($1::date, $2::date)
         AND NOT EXISTS (SELECT 1 FROM events r WHERE r.la_code = e.la_code AND r.type = 'retract' AND r.retracts_event_id = e.event_id)`,
      [meeting, addDays(meeting, 1)],
    );
    expect(meetings[0].n).toBeGreaterThanOrEqual(2);

    const again = await post(later).expect(200);
    expect(again.body).toMatchObject({ inserted: 0, retracted: 0 });
  });

  it('names a bad record by its position and field, echoes no identifier, and writes nothing', async () => {
    const bad = sen2File({ la: LA, persons: 20, year: YEAR, seed: 'bad' });
    // Person 7's first request: a date that does not exist.
    const persons = bad.xml.split('<Person>');
    persons[7] = persons[7].replace(/<ReceivedDate>[^<]+<\/ReceivedDate>/, '<ReceivedDate>2025-02-30</ReceivedDate>');
    const before = await api.db.query(`SELECT count(*)::int AS n FROM events`);
    const res = await post(persons.join('<Person>')).expect(422);
    const text = JSON.stringify(res.body);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        record: 'person 7, request 1',
        field: 'ReceivedDate',
        reason: 'ReceivedDate 2025-02-30 is a date that does not exist',
      }),
    ]);
    expect(bad.identifiers.filter((id) => text.includes(id))).toEqual([]);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM events`)).toEqual(before);
  });

  it('refuses malformed XML with its line, a file for an LA the caller does not hold, and a file that is not SEN2', async () => {
    const broken = await post(
      '<?xml version="1.0"?>\n<Message>\n<Header><Source><LEA>805</LEA></Source></Header>\n<Persons><Person></Persons>',
    ).expect(422);
    expect(broken.body.errors[0]).toMatchObject({ field: '(file)', line: 4 });
    expect(broken.body.errors[0].reason).toMatch(/not well-formed XML at line 4/);

    const key = await api.apiKey('806');
    const other = await post(sen2File({ la: LA, persons: 3, year: YEAR }).xml, key.key).expect(422);
    expect(other.body.errors).toEqual([
      expect.objectContaining({ field: 'Header.Source.LEA', reason: 'the file is for LA 805, which you may not write' }),
    ]);

    const none = await post('<Message><Persons><Person><UPN>Z1</UPN></Person></Persons></Message>').expect(422);
    expect(none.body.errors[0]).toMatchObject({ field: 'Header', reason: 'the file has no Header before its first Person' });

    await api.http().post('/v1/imports/sen2').set('content-type', 'text/plain').send('hello').expect(415);
  });

  it('refuses to import without the deployment’s secret, and says which variable to set', async () => {
    delete process.env.CHILD_REF_SECRET;
    try {
      const res = await post(sen2File({ la: LA, persons: 2, year: YEAR }).xml).expect(503);
      expect(res.body.message).toMatch(/CHILD_REF_SECRET is not set/);
    } finally {
      process.env.CHILD_REF_SECRET = SECRET;
    }
  });

  it('imports the same way from the command line, printing no identifier', async () => {
    const cli = sen2File({ la: LA, persons: 30, year: YEAR, seed: 'cli' });
    const path = join(tmpdir(), `sen2-${process.pid}.xml`);
    writeFileSync(path, cli.xml);
    const env = { DATABASE_URL: scratch.url, CHILD_REF_SECRET: SECRET, LOG_LEVEL: 'debug' };
    const out = await cliWithEnv(env, 'import-sen2', path, '--no-progress');
    expect(out.stdout).toMatch(/30 persons, \d+ events, \d+ new events, 0 duplicates/);
    const replay = await cliWithEnv(env, 'import-sen2', path, '--no-progress');
    expect(replay.stdout).toMatch(/30 persons, \d+ events, 0 new events/);
    const printed = out.stdout + out.stderr + replay.stdout + replay.stderr;
    expect(cli.identifiers.filter((id) => printed.includes(id))).toEqual([]);
    await expect(cliWithEnv({ ...env, CHILD_REF_SECRET: '' }, 'import-sen2', path, '--no-progress')).rejects.toMatchObject({
      stderr: expect.stringMatching(/CHILD_REF_SECRET is not set/),
    });
  });
});
