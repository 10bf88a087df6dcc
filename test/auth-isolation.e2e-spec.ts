// LA isolation through the API: a principal of one LA asks for another LA's case by id, through a
// report filter and through CSV exports, and is refused every time; reports without a filter show
// only its own LA (row-level security under the reports' own SQL). Real PostgreSQL and Redis.
import { RecomputeService } from '@app/compliance';
import type { CaseEvent } from '@app/rules';
import { type TestApi, type TestUser, startApi } from './support/api-app';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

const HOME = '805';
const OTHER = '807';
const AS_OF = '2026-06-01';

function sltReferral(prefix: string, la: string, n: number): CaseEvent {
  return {
    eventId: `${prefix}-${la}-${n}`,
    la,
    caseRef: `${prefix}-SLT-${la}-${n}`,
    childRef: `C-${prefix}-${la}-${n}`,
    pathway: 'slt',
    type: 'referral_received',
    date: '2025-03-03',
  } as CaseEvent;
}

describe('LA isolation through the API', () => {
  let api: TestApi;
  let caseworker: TestUser;
  let leader: TestUser;
  let commissioner: TestUser;
  const prefix = uniquePrefix('iso');
  const homeCase = `${prefix}-EHC-1`;
  const otherCase = `${prefix}-EHC-2`;

  beforeAll(async () => {
    api = await startApi();
    await api
      .http()
      .post('/v1/events')
      .send([...ehcAssessment(prefix, 1, HOME), ...ehcAssessment(prefix, 2, OTHER)])
      .expect(200);
    const waits = [1, 2, 3].flatMap((n) => [sltReferral(prefix, HOME, n), sltReferral(prefix, OTHER, n)]);
    await api.http().post('/v1/events').send(waits).expect(200);
    const recompute = api.app.get(RecomputeService, { strict: false });
    for (const la of [HOME, OTHER]) {
      await recompute.recomputeCases(
        la,
        waits.filter((e) => e.la === la).map((e) => e.caseRef),
        AS_OF,
      );
    }
    caseworker = await api.user('caseworker', [HOME]);
    leader = await api.user('leader', [HOME]);
    commissioner = await api.user('commissioner', [HOME, OTHER]);
  });
  afterAll(async () => api.close());

  it('serves a caseworker their own LA’s case and refuses another LA’s, by id', async () => {
    const own = await api.as(caseworker.token)().get(`/v1/cases/${HOME}/${homeCase}`).expect(200);
    expect(own.body).toMatchObject({ la: HOME, caseRef: homeCase });
    const refused = await api.as(caseworker.token)().get(`/v1/cases/${OTHER}/${otherCase}`).expect(403);
    expect(refused.body.message).toContain(`LA ${OTHER} is outside your access`);
    expect(JSON.stringify(refused.body)).not.toContain(`C-${prefix}`);
  });

  it('refuses another LA through a report filter, alone or next to its own', async () => {
    const as = api.as(leader.token);
    for (const la of [OTHER, `${HOME},${OTHER}`]) {
      await as().get('/v1/reports/waiting-list').query({ la, pathway: 'slt', asOf: AS_OF }).expect(403);
    }
    await as().get('/v1/reports/waiting-list').query({ la: HOME, pathway: 'slt', asOf: AS_OF }).expect(200);
    await as().get('/v1/reports/trend').query({ la: OTHER, pathway: 'slt', from: '2026-01-01', to: AS_OF }).expect(403);
  });

  it('refuses another LA through CSV exports', async () => {
    const cw = api.as(caseworker.token);
    await cw().get('/v1/alerts').query({ la: OTHER, format: 'csv' }).expect(403);
    await cw().get('/v1/alerts').query({ la: HOME, format: 'csv' }).expect(200);
    const lead = api.as(leader.token);
    const csv = await lead().get('/v1/reports/waiting-list').query({ la: OTHER, pathway: 'slt', asOf: AS_OF, format: 'csv' }).expect(403);
    expect(csv.text).not.toContain(prefix);
    await lead().get('/v1/summaries/weekly').query({ la: OTHER, week: '2026-W22', format: 'csv' }).expect(403);
  });

  it('shows only the principal’s LA in a report over every LA: row-level security under the report’s SQL', async () => {
    const res = await api
      .as(leader.token)()
      .get('/v1/reports/waiting-list')
      .query({ pathway: 'slt', asOf: AS_OF, longest: 500 })
      .expect(200);
    const mine = res.body.longestWaiters.filter((w: { caseRef: string }) => w.caseRef.startsWith(prefix));
    expect(mine.map((w: { la: string }) => w.la)).toEqual([HOME, HOME, HOME]);
    expect(res.body.longestWaiters.every((w: { la: string }) => w.la === HOME)).toBe(true);
    const admin = await api.http().get('/v1/reports/waiting-list').query({ pathway: 'slt', asOf: AS_OF, longest: 500 }).expect(200);
    const all = admin.body.longestWaiters.filter((w: { caseRef: string }) => w.caseRef.startsWith(prefix));
    expect(new Set(all.map((w: { la: string }) => w.la))).toEqual(new Set([HOME, OTHER]));
  });

  it('lets a commissioner hold several LAs, for reports but not case files', async () => {
    const as = api.as(commissioner.token);
    const res = await as()
      .get('/v1/reports/waiting-list')
      .query({ la: `${HOME},${OTHER}`, pathway: 'slt', asOf: AS_OF, longest: 500 })
      .expect(200);
    const mine = res.body.longestWaiters.filter((w: { caseRef: string }) => w.caseRef.startsWith(prefix));
    expect(mine).toHaveLength(6);
    await as().get('/v1/reports/waiting-list').query({ la: '806', pathway: 'slt', asOf: AS_OF }).expect(403);
    await as().get(`/v1/cases/${HOME}/${homeCase}`).expect(403);
  });

  it('keeps an API key to its LA: another LA’s events are refused and nothing is written', async () => {
    const { key } = await api.apiKey(HOME);
    const p = uniquePrefix('isokey');
    await api
      .as(key)()
      .post('/v1/events')
      .send(ehcAssessment(p, 1, OTHER))
      .expect(403);
    await api
      .as(key)()
      .post('/v1/events')
      .send([...ehcAssessment(p, 2, HOME), ...ehcAssessment(p, 3, OTHER)])
      .expect(403);
    expect(await api.countEvents(p)).toBe(0);
    await api
      .as(key)()
      .post('/v1/events')
      .send(ehcAssessment(p, 4, HOME))
      .expect(200);
    expect(await api.countEvents(p)).toBe(7);
    // A key cannot read cases, even of its own LA.
    await api.as(key)().get(`/v1/cases/${HOME}/${p}-EHC-4`).expect(403);
  });

  it('refuses a CSV import row of another LA (422, nothing written) and imports its own under row security', async () => {
    const { key } = await api.apiKey(HOME);
    const p = uniquePrefix('isocsv');
    const header = 'eventId,la,caseRef,childRef,pathway,type,date\n';
    const row = (la: string, n: number) => `${p}-${n},${la},${p}-SLT-${n},C-${p}-${n},slt,referral_received,2026-01-05\n`;
    const bad = await api
      .as(key)()
      .post('/v1/imports')
      .set('content-type', 'text/csv')
      .send(header + row(HOME, 1) + row(OTHER, 2))
      .expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ index: 1, field: 'la', reason: expect.stringContaining('outside') })]);
    expect(await api.countEvents(p)).toBe(0);
    const ok = await api
      .as(key)()
      .post('/v1/imports')
      .set('content-type', 'text/csv')
      .send(header + row(HOME, 1) + row(HOME, 2))
      .expect(200);
    expect(ok.body).toMatchObject({ rows: 2, inserted: 2 });
    const stored = await api.db.query(`SELECT DISTINCT la_code FROM events WHERE event_id LIKE $1`, [`${p}-%`]);
    expect(stored).toEqual([{ la_code: HOME }]);
  });

  it('gives a caseworker their own inbox by default, from the staff reference of their account', async () => {
    const mine = `CW-${HOME}-ISO-${process.pid}`;
    const insert = (recipient: string, n: number) =>
      api.db.query(
        `INSERT INTO alerts (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, due_on, raised_on, recipient_ref, delivered_at)
         VALUES ($1, $2, $3, 'final_plan', 'overdue', 'ehc_assessment', '2026-05-25', '2026-05-26', $4, now())`,
        [HOME, `${prefix}-alert-${n}`, `${prefix}-ALERT-${n}`, recipient],
      );
    await insert(mine, 1);
    await insert(`CW-${HOME}-ISO-OTHER`, 2);
    const me = await api.user('caseworker', [HOME], mine);
    const inbox = await api.as(me.token)().get('/v1/alerts').query({ la: HOME }).expect(200);
    expect(inbox.body.map((a: { caseRef: string }) => a.caseRef)).toEqual([`${prefix}-ALERT-1`]);
    const team = await api
      .as(me.token)()
      .get('/v1/alerts')
      .query({ la: HOME, assignee: `CW-${HOME}-ISO-OTHER` })
      .expect(200);
    expect(team.body.map((a: { caseRef: string }) => a.caseRef)).toEqual([`${prefix}-ALERT-2`]);
  });

  it('lets an administrator see every LA', async () => {
    await api.http().get(`/v1/cases/${OTHER}/${otherCase}`).expect(200);
    await api.http().get(`/v1/cases/${HOME}/${homeCase}`).expect(200);
  });
});
