// The forecast reports through the real API on real PostgreSQL: a seeded SLT list whose demand (10
// referrals a week) exceeds its capacity (7 first contacts a week) is projected as missing its
// target, and the capacity the answer names, fed back as a what-if, meets it. Bad input is a 422
// naming the field, or "not enough data" in the answer. Its own scratch database (all data synthetic).
import { RecomputeService } from '@app/compliance';
import { RULES_TABLE } from '@app/config';
import { addDays, evaluateCase, ListHistoryAccumulator, queueMeasures, type CaseEvent, type RulesTable } from '@app/rules';
import { ehcAssessment } from './support/event-factory';
import { startApi, type TestApi } from './support/api-app';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const LA = '304';
const AS_OF = '2026-06-01';
const DEADLINE = addDays(AS_OF, 26 * 7);
const WEEKS = 30;
const REFERRALS_A_WEEK = 10;
const CONTACTS_A_WEEK = 7;

let api: TestApi;
let scratch: ScratchDatabase | undefined;

/** Referrals every week, and first contacts for the longest waiters (first in, first out). */
function sltList(): CaseEvent[] {
  const start = addDays(AS_OF, 1 - 7 * WEEKS);
  const base = (n: number) => ({ la: LA, caseRef: `FC-SLT-${n}`, childRef: `C-FC-${n}`, pathway: 'slt' as const });
  const events: CaseEvent[] = [];
  const waiting: number[] = [];
  let n = 0;
  // A backlog of 40 referred in the 8 weeks before the window.
  for (let i = 0; i < 40; i++, n++) {
    events.push({ ...base(n), eventId: `FC-${n}-1`, type: 'referral_received', date: addDays(start, -56 + i) } as CaseEvent);
    waiting.push(n);
  }
  for (let w = 0; w < WEEKS; w++) {
    const weekStart = addDays(start, 7 * w);
    for (let i = 0; i < REFERRALS_A_WEEK; i++, n++) {
      events.push({ ...base(n), eventId: `FC-${n}-1`, type: 'referral_received', date: addDays(weekStart, i % 7) } as CaseEvent);
      waiting.push(n);
    }
    for (let i = 0; i < CONTACTS_A_WEEK; i++) {
      const m = waiting.shift()!;
      events.push({ ...base(m), eventId: `FC-${m}-2`, type: 'first_contact', date: addDays(weekStart, 6) } as CaseEvent);
    }
  }
  return events;
}

/** 40 ended assessments (final plans in 130 days) in the year to AS_OF, and 6 still open. */
function ehcCases(): CaseEvent[] {
  const ended = Array.from({ length: 40 }, (_, i) => ehcAssessment('FCE', i, LA, addDays(AS_OF, -340 + 5 * i)));
  const open = Array.from({ length: 6 }, (_, i) => ehcAssessment('FCO', i, LA, addDays(AS_OF, -20 - 15 * i)));
  return [...ended, ...open].flat().filter((e) => e.date <= AS_OF);
}

const get = (path: string, query: Record<string, string | number>) =>
  api
    .http()
    .get(path)
    .query({ la: LA, asOf: AS_OF, ...query });
const projection = (query: Record<string, string | number>) => get('/v1/reports/projection', { pathway: 'slt', ...query });
const listTarget = { measure: 'waiting_count', threshold: 60, comparator: 'lte', deadline: DEADLINE };

beforeAll(async () => {
  scratch = await createScratchDatabase('forecast');
  scratch.use();
  api = await startApi();
  const res = await api
    .http()
    .post('/v1/events')
    .send([...sltList(), ...ehcCases()]);
  expect([res.status, res.status === 200 ? null : JSON.stringify(res.body).slice(0, 600)]).toEqual([200, null]);
  await api.app.get(RecomputeService, { strict: false }).recomputeAll(AS_OF);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await scratch?.drop();
});

describe('GET /v1/reports/capacity', () => {
  it("measures the window's weekly demand and capacity and the list's load", async () => {
    const r = (await get('/v1/reports/capacity', { pathway: 'slt' }).expect(200)).body;
    expect(r.windowWeeks).toBe(26);
    expect(r.flows).toHaveLength(26);
    expect(r.flows.every((w: { added: number; removed: number }) => w.added === REFERRALS_A_WEEK && w.removed === CONTACTS_A_WEEK)).toBe(
      true,
    );
    expect(r.measures).toMatchObject({ demand: 10, capacity: 7, queueSize: 40 + WEEKS * 3, queueTooBig: true });
    expect(r.measures.queueLoad).toBeCloseTo(10 / 7, 6);
    // The set-based flows are what libs/rules counts from the same cases evaluated in memory.
    const rules = api.app.get<RulesTable>(RULES_TABLE);
    const acc = new ListHistoryAccumulator('slt', AS_OF, 26);
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of sltList()) byCase.set(e.caseRef, [...(byCase.get(e.caseRef) ?? []), e]);
    for (const events of byCase.values())
      acc.add(evaluateCase(events, AS_OF, rules, { la: LA, caseRef: events[0].caseRef, pathway: 'slt' }));
    expect(r.flows).toEqual(acc.result().flows);
    expect(r.measures).toEqual(queueMeasures({ ...acc.result(), targetWeeks: rules.waits.sltTargetWeeks }, rules));
    // Every week the same: no variation, so the target capacity is the demand itself (Kingman's term is 0).
    expect(r.measures).toMatchObject({ cvDemand: 0, cvCapacity: 0 });
    expect(r.measures.targetCapacity).toBeCloseTo(10, 9);
    expect(r.notEnoughData).toBeNull();
    // The LA's default SLT targets with a deadline, each with the capacity that meets it in time.
    for (const t of r.targets) expect(t.relief === null ? t.why : t.relief.capacity).toEqual(expect.anything());
  });

  it('says "not enough data" for a window with too few weeks, and 422 for a window that is no window', async () => {
    const before = (await get('/v1/reports/capacity', { pathway: 'slt', asOf: '2025-01-01' }).expect(200)).body;
    expect(before.measures).toBeNull();
    expect(before.notEnoughData.why).toBe('not enough data (0 weeks, need 8)');
    const short = (await get('/v1/reports/capacity', { pathway: 'slt', window: 3 }).expect(200)).body;
    expect(short.notEnoughData).toMatchObject({ field: 'window', have: 3, need: 8 });
    const zero = await get('/v1/reports/capacity', { pathway: 'slt', window: 0 }).expect(422);
    expect(zero.body.errors).toEqual([{ field: 'window', reason: expect.stringContaining('whole number of weeks') }]);
  });

  it('gives CSV: a line per week', async () => {
    const res = await get('/v1/reports/capacity', { pathway: 'slt', format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^la,pathway,as_of,week_from,week_to,demand,capacity/);
    expect(lines).toHaveLength(27);
  });
});

describe('GET /v1/reports/projection', () => {
  it('projects a list whose demand exceeds capacity as missing its target; the capacity it names, fed back, meets it', async () => {
    const missed = (await projection(listTarget).expect(200)).body;
    expect(missed.projection.answer).toMatchObject({ status: 'not_met', by: DEADLINE, reason: 'list_grows' });
    const extra = missed.projection.answer.extraPerWeek;
    expect(extra).toBeGreaterThan(3);
    expect(missed.answer).toBe(`Not met by 30 November 2026: ${extra} more contacts a week needed from 2 June 2026`);
    expect(missed.capacityNeeded).toBe(CONTACTS_A_WEEK + extra);
    const last = missed.projection.weeks[missed.projection.weeks.length - 1];
    expect(last.size).toBeGreaterThan(60);
    expect(last.band.size.low).toBeLessThanOrEqual(last.band.size.high);

    const met = (await projection({ ...listTarget, capacityChange: extra }).expect(200)).body;
    expect(met.whatIf).toEqual({ capacityChange: extra, capacityFrom: '2026-06-02', demandChange: 0 });
    expect(met.projection.answer.status).toBe('met');
    expect(met.answer).toMatch(/^At this rate the target is met on \d{1,2} \w+ 2026$/);
    // One fewer a week does not.
    const short = (await projection({ ...listTarget, capacityChange: extra - 1 }).expect(200)).body;
    expect(short.projection.answer.status).toBe('not_met');
  });

  it("projects a stored target by its id, as the target's own measure and deadline", async () => {
    const created = await api
      .http()
      .post('/v1/targets')
      .send({ la: LA, name: 'fc-slt-list-size', pathway: 'slt', ...listTarget })
      .expect(201);
    const byId = (await projection({ target: created.body.id }).expect(200)).body;
    expect(byId.target).toMatchObject({ targetId: created.body.id, name: 'fc-slt-list-size', ...listTarget });
    expect(byId.answer).toBe((await projection(listTarget).expect(200)).body.answer);
    const nd = await projection({ target: created.body.id, pathway: 'neurodevelopmental' }).expect(422);
    expect(nd.body.errors[0].field).toBe('target');
  });

  it('a demand cut is a what-if too: demand cut by 80% brings the list under its target; by 50% it still falls too slowly', async () => {
    const cut = (await projection({ ...listTarget, demandChange: 80 }).expect(200)).body;
    expect(cut.projection.projectedDemand).toBeCloseTo(2, 9);
    expect(cut.whatIf).toEqual({ capacityChange: 0, capacityFrom: null, demandChange: 80 });
    expect(cut.projection.answer.status).toBe('met');
    const half = (await projection({ ...listTarget, demandChange: 50 }).expect(200)).body;
    expect(half.projection.answer).toMatchObject({ status: 'not_met', reason: 'misses_target' });
  });

  it('refuses what cannot be projected with 422 naming the field; too little history is said in the answer', async () => {
    const field = async (query: Record<string, string | number>) => (await projection(query).expect(422)).body.errors[0].field;
    expect(await field({ ...listTarget, deadline: '2026-01-01' })).toBe('deadline');
    expect(await field({ measure: 'waiting_count', threshold: 60 })).toBe('deadline');
    expect(await field({ ...listTarget, capacityChange: -8 })).toBe('capacityChange');
    expect(await field({})).toBe('target');
    expect(await field({ target: 999999 })).toBe('target');
    await projection({ ...listTarget, measure: 'final_within_20_weeks_pct' }).expect(400);
    // Malformed fields, control characters included: 400 naming the field, never a 500.
    for (const [key, value] of [
      ['threshold', 'ten'],
      ['capacityChange', '5\u0000'],
      ['demandChange', '1e3'],
      ['window', '-1'],
      ['capacityFrom', '2026-02-30'],
    ]) {
      const res = await projection({ ...listTarget, [key]: value });
      expect([res.status, JSON.stringify(res.body.message)]).toEqual([400, expect.stringContaining(key)]);
    }
    const early = (await projection({ ...listTarget, asOf: '2025-01-01' }).expect(200)).body;
    expect(early.projection).toBeNull();
    expect(early.answer).toBe('Not projected: not enough data (0 weeks, need 8)');
  });

  it('gives CSV: a line per projected week with the answer', async () => {
    const res = await projection({ ...listTarget, format: 'csv' }).expect(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('la,pathway,as_of,on,size,size_low,size_high,median_weeks,p92_weeks,target_value,target_met,answer');
    expect(lines.length).toBeGreaterThan(20);
    expect(lines[1]).toContain('Not met by 30 November 2026');
  });
});

describe('GET /v1/reports/ehc-forecast', () => {
  it("projects the year's 20-week figure beside the LA's last published one, and forecasts each open assessment", async () => {
    const r = (await get('/v1/reports/ehc-forecast', { year: 2026 }).expect(200)).body;
    expect(r.published).toMatchObject({ year: 2024 });
    expect(r.projection.year).toBe(2026);
    expect(r.projection.including.percent).toBeGreaterThanOrEqual(0);
    expect(r.projection.including.low).toBeLessThanOrEqual(r.projection.including.high);
    expect(r.assessments).toHaveLength(6);
    for (const a of r.assessments) {
      expect(a.missProbability).toBeGreaterThanOrEqual(0);
      expect(a.missProbability).toBeLessThanOrEqual(1);
    }
    const csv = await get('/v1/reports/ehc-forecast', { year: 2026, format: 'csv' }).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(7);
    const far = await get('/v1/reports/ehc-forecast', { year: 2030 }).expect(422);
    expect(far.body.errors[0].field).toBe('year');
  });
});
