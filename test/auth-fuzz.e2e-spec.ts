// Thousands of malformed JSON records and CSV rows thrown at ingest through an API key (so under
// row-level security), and control characters in every input of every route of the API: every
// answer is a 4xx, never a 5xx, and nothing is written. This file's LA (330) is written by no
// other spec, so "nothing" is exact.
import fc from 'fast-check';
import type { CaseEvent } from '@app/rules';
import { CSV_COLUMNS, csvHeader, eventToCsvLine } from '../apps/ingest-api/src/imports/csv-columns';
import { type TestApi, startApi } from './support/api-app';
import {
  type Caller,
  type Input,
  type RouteSample,
  apiSamples,
  declaredInputs,
  inputsOf,
  servedRoutes,
  spoil as spoilInput,
} from './support/api-surface';
import { ehcAssessment } from './support/event-factory';

const LA = '330';
const REQUIRED = ['eventId', 'la', 'caseRef', 'childRef', 'pathway', 'type', 'date'] as const;
const KNOWN = new Set<string>([...CSV_COLUMNS, 'phaseTransfer']);
const TEMPLATES: CaseEvent[] = ehcAssessment(`FZ${process.pid}`, 1, LA);
/** Events with every string field of the contract, for the control-character fuzzing. */
const envelope = { la: LA, caseRef: 'FZ-CASE-2', childRef: 'FZ-CHILD-2', date: '2026-01-10' };
const EVENT_SAMPLES: object[] = [
  { ...TEMPLATES[0], birthDate: '2015-01-01' },
  ...TEMPLATES.slice(1, 3),
  { ...envelope, eventId: 'FZ-E-1', pathway: 'ehc_assessment', type: 'exception', reason: 'school_closure', until: '2026-02-01' },
  { ...envelope, eventId: 'FZ-E-2', pathway: 'ehc_assessment', type: 'exception', reason: 'missed_appointment', service: 'ep' },
  {
    ...envelope,
    eventId: 'FZ-E-3',
    pathway: 'annual_review',
    type: 'plan_active',
    planIssuedOn: '2025-01-05',
    phaseTransfer: { year: 2027, kind: 'post16', on: '2027-09-06' },
    needCode: 'ASD',
  },
  { ...envelope, eventId: 'FZ-E-4', pathway: 'annual_review', type: 'review_decision', outcome: 'amend' },
  { ...envelope, eventId: 'FZ-E-5', pathway: 'slt', type: 'referral_closed', reason: 'moved_away' },
  { ...envelope, eventId: 'FZ-E-6', pathway: 'neurodevelopmental', type: 'diagnosis_outcome', outcome: 'autism' },
  { ...envelope, eventId: 'FZ-E-7', pathway: 'neurodevelopmental', type: 'retract', retractsEventId: 'FZ-E-6' },
];

type Rec = Record<string, unknown>;

/** C0 control characters and DEL: PostgreSQL text cannot hold the first (NUL), no field holds any. */
const CONTROLS = [...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)), '\u007f'];
const control = fc.constantFrom(...CONTROLS);
/** A string holding a control character anywhere, often around a valid value. */
const withControl = (valid: string) =>
  fc
    .tuple(fc.constantFrom(valid, ''), control, fc.constantFrom(valid, '', 'x1'), fc.boolean())
    .map(([a, c, b, mid]) => (mid && a.length > 1 ? a.slice(0, 1) + c + a.slice(1) : a + c + b));

/** A value no required field accepts: wrong type, or a string no pattern of the contract allows. */
const badValue = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => ` ${s}~`),
  withControl('AB-1'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom("'; DROP TABLE events; --", '<script>alert(1)</script>', '=HYPERLINK("http://x")', '\u0000', 'a b'),
);

/** Ways to spoil a valid event so that it can no longer be accepted. */
const spoil: fc.Arbitrary<(e: Rec) => Rec> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((k) => (e: Rec) => {
    const { [k]: _gone, ...rest } = e;
    return rest;
  }),
  fc.tuple(fc.constantFrom(...REQUIRED), badValue).map(([k, v]) => (e: Rec) => ({ ...e, [k]: v })),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !KNOWN.has(k) && k !== '__proto__'),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .map(([k, v]) => (e: Rec) => ({ ...e, [k]: v })),
  fc.constantFrom('2026-02-30', '2026-13-01', '26-01-05', '2999-01-01').map((d) => (e: Rec) => ({ ...e, date: d })),
  fc.constantFrom('000', '999', '805').map((la) => (e: Rec) => ({ ...e, la })),
);

/** A batch of valid events with at least one spoiled, in any position. */
const spoiledBatch = fc
  .tuple(fc.array(fc.nat(TEMPLATES.length - 1), { maxLength: 20 }), spoil, fc.nat(TEMPLATES.length - 1), fc.nat(20))
  .map(([valid, fn, which, at]) => {
    const records: unknown[] = valid.map((i) => ({ ...TEMPLATES[i] }));
    records.splice(at % (records.length + 1), 0, fn({ ...TEMPLATES[which] }));
    return records;
  });

/** Any JSON at all except an empty batch (which is valid and writes nothing). */
const anyJson = fc.jsonValue().filter((v) => !(Array.isArray(v) && v.length === 0));

/** Text that is mostly not JSON. */
const rawText = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom('{"eventId": ', '[{]', '{"la":"810"', '\uFEFF[]x', '[' + '['.repeat(5000)),
  )
  .filter((s) => {
    try {
      const v = JSON.parse(s);
      return !(Array.isArray(v) && v.length === 0);
    } catch {
      return true;
    }
  });

/** CSV: a line no row may be (a required cell that cannot validate, after trimming) ... */
const badCsvRow = fc
  .tuple(fc.nat(TEMPLATES.length - 1), fc.constantFrom(...REQUIRED), fc.oneof(fc.string({ maxLength: 10 }), withControl('1')))
  .map(([i, col, junk]) => {
    const cells = eventToCsvLine(TEMPLATES[i]).replace(/\n$/, '').split(',');
    cells[CSV_COLUMNS.indexOf(col)] = `"~${junk.replace(/"/g, '""')}"`;
    return cells.join(',') + '\n';
  });
/** ... and junk of any shape: wrong cell counts, quotes, separators, line breaks. */
const junkCsvRow = fc
  .array(fc.oneof(fc.string({ maxLength: 8 }), withControl('EHC-1'), fc.constantFrom('"', '""', ',', '\r', '=1+1', "'; --")), {
    maxLength: 25,
  })
  .map((cells) => cells.join(',') + '\n');

const csvFile = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.nat(TEMPLATES.length - 1).map((i) => eventToCsvLine(TEMPLATES[i])),
        junkCsvRow,
      ),
      { minLength: 10, maxLength: 40 },
    ),
    badCsvRow,
    fc.nat(40),
  )
  .map(([rows, bad, at]) => {
    rows.splice(at % (rows.length + 1), 0, bad);
    return csvHeader() + rows.join('');
  });

describe('ingest fuzzing (fast-check): 4xx for every malformed body or row, never 5xx, nothing written', () => {
  let api: TestApi;
  let key: string;
  const statuses = new Map<number, number>();
  let records = 0;
  let rows = 0;
  const note = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  beforeAll(async () => {
    api = await startApi();
    key = (await api.apiKey(LA)).key;
  });
  afterAll(async () => api.close());

  const written = async () =>
    Number(
      (
        await api.db.query(
          `SELECT (SELECT count(*) FROM events WHERE la_code = $1) + (SELECT count(*) FROM cases WHERE la_code = $1) AS n`,
          [LA],
        )
      )[0].n,
    );

  const expect4xx = (status: number, body: string) => {
    note(status);
    if (status < 400 || status >= 500) throw new Error(`answered ${status}: ${body.slice(0, 300)}`);
  };

  it('answers 4xx to 500 batches (thousands of records) each holding a spoiled event', async () => {
    await fc.assert(
      fc.asyncProperty(spoiledBatch, async (batch) => {
        records += batch.length;
        const res = await api.as(key)().post('/v1/events').send(batch);
        expect4xx(res.status, res.text);
      }),
      { numRuns: 500 },
    );
    expect(records).toBeGreaterThan(2000);
    expect(await written()).toBe(0);
  }, 120_000);

  it('answers 4xx to 500 bodies of arbitrary JSON and 500 of text that is not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const res = await api.as(key)().post('/v1/events').set('content-type', 'application/json').send(JSON.stringify(body));
        expect4xx(res.status, res.text);
      }),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(rawText, async (text) => {
        const res = await api.as(key)().post('/v1/events').set('content-type', 'application/json').send(text);
        expect4xx(res.status, res.text);
      }),
      { numRuns: 500 },
    );
    expect(await written()).toBe(0);
  }, 120_000);

  it('answers 4xx to 150 CSV files (thousands of rows) each holding a bad row', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async (csv) => {
        rows += csv.split('\n').length - 2;
        const res = await api.as(key)().post('/v1/imports').set('content-type', 'text/csv').send(csv);
        expect4xx(res.status, res.text);
      }),
      { numRuns: 150 },
    );
    expect(rows).toBeGreaterThan(2000);
    expect(await written()).toBe(0);
  }, 120_000);

  it('answers 4xx, never 5xx, to control characters in every path parameter, query field and body string of every route', async () => {
    const { app } = api;
    const throwaway = await api.user('caseworker', [LA]);
    const callers: Record<Caller, () => ReturnType<TestApi['http']>> = {
      admin: api.http,
      key: api.as(key),
      anonymous: api.anonymous,
      throwaway: api.as(throwaway.token),
    };
    // Something to act on in this LA: an alert (acknowledge, resolve) and a target (replace, statuses).
    const [alert] = await api.db.query(
      `INSERT INTO alerts (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, due_on, raised_on, recipient_ref, delivered_at)
       VALUES ($1, 'fz-alert', 'FZ-CASE-1', 'final_plan', 'overdue', 'ehc_assessment', '2026-05-25', '2026-05-26', 'CW-1', now())
       RETURNING alert_id::text AS id`,
      [LA],
    );
    const samples = apiSamples(LA, { alertId: alert.id, targetId: '0' });
    const target = await callers
      .admin()
      .post('/v1/targets')
      .send(samples.find((r) => r.path === '/v1/targets' && r.body)!.body as object)
      .expect(201);
    // One event a request, so that the trail's case is its caseRef (a NUL there once failed the audit write).
    const routes = apiSamples(LA, { alertId: alert.id, targetId: String(target.body.id) }).flatMap((r) =>
      r.path === '/v1/events' ? EVENT_SAMPLES.map((body) => ({ ...r, body })) : [r],
    );
    const route = (r: RouteSample) => `${r.method.toUpperCase()} ${r.path}`;
    // Every route the app serves has a sample, and the fields each declares are all fuzzed.
    const declared = declaredInputs(app);
    expect([...new Set(routes.map(route))].sort()).toEqual(servedRoutes(app));
    expect(servedRoutes(app).filter((r) => !declared.has(r))).toEqual([]);
    const inputs = routes.flatMap((r) => inputsOf(r, declared.get(route(r))));
    // The samples themselves are valid (a read finds nothing at worst), so a refusal comes from the spoiling.
    for (const r of routes.filter((x) => x.method === 'get')) {
      const { status } = await callers[r.as]()
        .get(r.path.replace(/:(\w+)/g, (_, k: string) => r.params![k]))
        .query(r.query ?? {});
      expect({ route: route(r), ok: status < 400 || status === 404 }).toEqual({ route: route(r), ok: true });
    }

    const send = async (input: Input, value: string) => {
      const { sample } = input;
      const { params, query, body } = spoilInput(input, value);
      const path = sample.path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k]));
      const qs = new URLSearchParams(query).toString();
      let req = callers[sample.as]()[sample.method](qs ? `${path}?${qs}` : path);
      if (body !== undefined) req = sample.form ? req.type('form').send(body as Rec) : req.send(body as Rec);
      const res = await req;
      const at = `${sample.method.toUpperCase()} ${sample.path} ${input.where} ${input.path.join('.')}=${JSON.stringify(value)}`;
      if (res.status >= 500 || (input.declared && res.status < 400))
        throw new Error(`${at} answered ${res.status}: ${res.text.slice(0, 300)}`);
    };
    // Each input with a NUL after a valid value (PostgreSQL text cannot hold one), then with the
    // other control characters in turn inside it ...
    let n = 0;
    for (const input of inputs) {
      await send(input, `${input.valid}\u0000`);
      await send(input, input.valid.slice(0, 1) + CONTROLS[1 + (n++ % (CONTROLS.length - 1))] + input.valid.slice(1));
    }
    expect(inputs.length).toBeGreaterThan(200);
    // ... then at random.
    const anyInput = fc.constantFrom(...inputs).chain((input) => withControl(input.valid).map((value) => ({ input, value })));
    await fc.assert(
      fc.asyncProperty(anyInput, ({ input, value }) => send(input, value)),
      { numRuns: 150 },
    );
    expect(await written()).toBe(0);
  }, 120_000);

  it('took the valid path for the unspoiled events: the same events alone are accepted', async () => {
    // Guards the fuzzing itself: the templates are valid, so the 4xx answers came from the spoiling.
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    const res = await api.as(key)().post('/v1/events').send(TEMPLATES).expect(200);
    expect(res.body).toMatchObject({ inserted: TEMPLATES.length });
  });
});
