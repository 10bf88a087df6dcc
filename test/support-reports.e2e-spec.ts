// The SEN support and alternative provision reports end to end (issue 15): events through the API,
// the nightly snapshot computed from the real event store, GET /v1/reports/sen-support and
// /v1/reports/alternative-provision as JSON and CSV. A planted sharp rise at one school is flagged
// and a steady school is not; a listed school with no pupils is named; the links to EHC requests
// and waiting lists and the AP flags come back with the numbers behind them.
import { startApi, type TestApi } from './support/api-app';

const LA = '313'; // this file's own LA
const AS_OF = '2026-07-15';
// The seven terms the snapshot counts up to AS_OF (rules table: 6 terms of history and the current one).
const STARTS = ['2024-04-01', '2024-09-01', '2025-01-01', '2025-04-01', '2025-09-01', '2026-01-01', '2026-04-01'];
const STEADY = '900311';
const RISING = '900312';
const EMPTY = '900313';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
  await api.db.query(`INSERT INTO schools (la_code, school_urn) VALUES ($1, $2), ($1, $3), ($1, $4) ON CONFLICT DO NOTHING`, [
    LA,
    STEADY,
    RISING,
    EMPTY,
  ]);
  const events: Record<string, unknown>[] = [];
  let n = 0;
  const spell = (school: string, t: number, needCode: string) => {
    n++;
    const base = { la: LA, caseRef: `SS-${school}-P${n}`, childRef: `C-313-${n}`, pathway: 'sen_support' };
    events.push({ ...base, eventId: `R313-${n}-s`, type: 'support_started', date: STARTS[t], schoolUrn: school, needCode });
    if (t < STARTS.length - 1)
      events.push({ ...base, eventId: `R313-${n}-e`, type: 'support_ended', date: STARTS[t + 1], reason: 'needs_met' });
    return base.childRef;
  };
  const steady = [10, 11, 9, 10, 12, 10, 11];
  const rising = [5, 6, 4, 5, 6, 5, 20];
  let child = '';
  STARTS.forEach((_, t) => {
    for (let k = 0; k < steady[t]; k++) spell(STEADY, t, 'SLCN');
    for (let k = 0; k < rising[t]; k++) child = spell(RISING, t, t === 6 ? 'SEMH' : 'MLD');
  });
  // The last pupil of the rising school: an EHC request 13 weeks after support started, and on the SLT list.
  const kid = { la: LA, childRef: child };
  events.push({
    ...kid,
    eventId: 'R313-ehc',
    caseRef: 'EHC-313-1',
    pathway: 'ehc_assessment',
    type: 'request_received',
    date: '2026-07-01',
  });
  events.push({ ...kid, eventId: 'R313-slt', caseRef: 'SLT-313-1', pathway: 'slt', type: 'referral_received', date: '2026-05-06' });
  // AP: a part-time placement 14 weeks unreviewed; a full-time one reviewed last week.
  const ap = { la: LA, pathway: 'alternative_provision', type: 'placement_started', reason: 'suspension', commissionedBy: 'la' };
  events.push({
    ...ap,
    eventId: 'R313-ap1',
    caseRef: 'AP-313-1',
    childRef: 'C-313-AP1',
    date: '2026-04-08',
    providerUrn: '900399',
    hoursPerWeek: 15,
  });
  events.push({
    ...ap,
    eventId: 'R313-ap2',
    caseRef: 'AP-313-2',
    childRef: 'C-313-AP2',
    date: '2026-06-01',
    providerKind: 'tuition',
    hoursPerWeek: 25,
  });
  const reviewed = { la: LA, pathway: 'alternative_provision', caseRef: 'AP-313-2', childRef: 'C-313-AP2' };
  events.push({ ...reviewed, eventId: 'R313-ap2r', type: 'placement_reviewed', date: '2026-07-08' });
  const res = await api.http().post('/v1/events').send(events);
  expect([res.status, res.body.errors]).toEqual([200, undefined]);
});
afterAll(async () => {
  await api.close();
});

describe('GET /v1/reports/sen-support', () => {
  it('flags the planted sharp rise, not the steady school, and names the school with none', async () => {
    const { body } = await api.http().get('/v1/reports/sen-support').query({ la: LA, asOf: AS_OF }).expect(200);
    expect(body.snapshotOn).toBe(AS_OF);
    expect(body.terms.map((t: { atSupport: number }) => t.atSupport)).toEqual([15, 17, 13, 15, 18, 15, 31]);
    expect(body.trends.schoolsMoved.map((s: { schoolUrn: string; direction: string }) => [s.schoolUrn, s.direction])).toEqual([
      [RISING, 'rise'],
    ]);
    expect(body.trends.schoolsMoved[0]).toMatchObject({ counts: [5, 6, 4, 5, 6, 5, 20], observed: 20 });
    expect(body.trends.schoolsMoved[0].expected).toBeCloseTo(31 / 6, 5);
    expect(body.trends.schoolsWithNone).toEqual([EMPTY]);
    expect(body.trends.needsRising.map((x: { needCode: string }) => x.needCode)).toEqual(['SEMH']);
    expect(body.method).toMatchObject({ historyTerms: 6, significancePercent: 1 });
  });

  it('gives the links to EHC requests and waiting lists', async () => {
    const { body } = await api.http().get('/v1/reports/sen-support').query({ la: LA, asOf: AS_OF }).expect(200);
    expect(body.links.precededBySupport).toEqual({ count: 1, of: 1, percent: 100 });
    expect(body.links.medianWeeksSupportToRequest).toBeCloseTo(13, 5);
    expect(body.links.waiting.slt).toEqual({ children: 1, medianWeeksWaited: 10 });
  });

  it('answers CSV with a line per school', async () => {
    const res = await api.http().get('/v1/reports/sen-support').query({ la: LA, asOf: AS_OF, format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toContain('school_urn,2023/24 summer');
    expect(lines.find((l) => l.includes(RISING))).toMatch(/,20,0,5\.2,rise,[0-9.e-]+,no$/);
    expect(lines.find((l) => l.includes(EMPTY))).toMatch(/,steady,,yes$/);
  });

  it('refuses a malformed LA naming the field', async () => {
    const res = await api.http().get('/v1/reports/sen-support').query({ la: 'x' }).expect(400);
    expect(JSON.stringify(res.body)).toContain('la');
  });
});

describe('GET /v1/reports/alternative-provision', () => {
  it('gives open placements, part-time timetables and reviews overdue, by provider', async () => {
    const { body } = await api.http().get('/v1/reports/alternative-provision').query({ la: LA, asOf: AS_OF }).expect(200);
    expect(body.thresholds).toEqual({ reviewWeeks: 6, longWithoutReviewWeeks: 12, fullTimeHours: 25 });
    expect(body.placements).toMatchObject({ open: 2, unreviewedPastReview: 1, unreviewedPastLong: 1, meanHours: 20 });
    expect(body.placements.partTime).toEqual({ count: 1, of: 2, percent: 50 });
    expect(Object.keys(body.placements.byProvider)).toEqual(['900399', 'kind:tuition']);
    const csv = await api.http().get('/v1/reports/alternative-provision').query({ la: LA, asOf: AS_OF, format: 'csv' }).expect(200);
    const header = ['la', 'snapshot_on', 'group', 'key', 'open', 'part_time', 'part_time_pct', 'unreviewed_over_6_weeks'];
    expect(csv.text.split('\r\n')[0].split(',')).toEqual([...header, 'unreviewed_over_12_weeks', 'mean_hours', 'median_weeks_in_ap']);
    expect(csv.text).toContain(`${LA},${AS_OF},provider,900399,1,1,100,1,1,15,14`);
  });
});
