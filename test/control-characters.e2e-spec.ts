// NUL and other control characters (issue 11, item 2). PostgreSQL text cannot hold NUL, so one
// that reached a query or the audit trail answered 500 and lost the audit row. Each is refused
// at the edge (400 or 422 naming the field), and a refusal is in the audit trail all the same.
import { type TestApi, type TestUser, startApi } from './support/api-app';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

describe('control characters in what a request carries', () => {
  let api: TestApi;
  let caseworker: TestUser;
  beforeAll(async () => {
    api = await startApi();
    caseworker = await api.user('caseworker', ['805'], 'CW-805-NUL-1');
  });
  afterAll(async () => api.close());

  const trail = async (actor: string) => (await api.http().get('/v1/audit').query({ actor }).expect(200)).body;
  const named = (res: { text: string }, field: string) => expect(res.text).toContain(field);

  it('refuses a NUL in a case reference of another LA (403) and audits it, without the reference', async () => {
    const before = (await trail(caseworker.email)).length;
    const res = await api.as(caseworker.token)().get('/v1/cases/938/X1%00');
    expect(res.status).toBe(403);
    const rows = await trail(caseworker.email);
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ action: 'access.denied', la: '938', status: 403, caseRef: null });
  });

  it('refuses a NUL in a case reference of its own LA (400 naming caseRef), on the API and the page, audited', async () => {
    const before = (await trail(caseworker.email)).length;
    named(await api.as(caseworker.token)().get('/v1/cases/805/X1%00').expect(400), 'caseRef');
    named(await api.as(caseworker.token)().get('/dashboard/cases/805/X1%00').expect(400), 'caseRef');
    const rows = await trail(caseworker.email);
    expect(rows.slice(0, rows.length - before)).toEqual([
      expect.objectContaining({ action: 'case.read', status: 400, caseRef: null }),
      expect.objectContaining({ action: 'case.read', status: 400, caseRef: null }),
    ]);
  });

  it('refuses a NUL in an event’s caseRef (422 naming the record and field) and audits the rejected write', async () => {
    const { key, keyId } = await api.apiKey('805');
    const [event] = ehcAssessment(uniquePrefix('nul'), 1);
    const res = await api
      .as(key)()
      .post('/v1/events')
      .send([{ ...event, caseRef: 'AB1\u0000' }])
      .expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 0, field: 'caseRef' })]);
    expect(await trail(`key:${keyId}`)).toEqual([expect.objectContaining({ action: 'POST /v1/events', status: 422 })]);
  });

  it('refuses a NUL in the audit trail’s actor filter (400 naming actor)', async () => {
    named(await api.http().get('/v1/audit?actor=%00').expect(400), 'actor');
  });

  it('refuses a NUL in who acknowledges an alert (4xx naming by), and audits the refusal', async () => {
    const [row] = await api.db.query(
      `INSERT INTO alerts (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, due_on, raised_on, recipient_ref, delivered_at)
       VALUES ('805', $1, 'NUL-1', 'final_plan', 'overdue', 'ehc_assessment', '2026-05-25', '2026-05-26', 'CW-805-NUL-1', now())
       RETURNING alert_id::text`,
      [uniquePrefix('nul-alert')],
    );
    const res = await api.as(caseworker.token)().post(`/v1/alerts/805/${row.alert_id}/acknowledge`).send({ by: 'A1\u0000' });
    expect([400, 422]).toContain(res.status);
    named(res, 'by');
    const [last] = await trail(caseworker.email);
    expect(last).toMatchObject({ method: 'POST', status: res.status });
    const [stored] = await api.db.query(`SELECT acknowledged_at FROM alerts WHERE la_code = '805' AND alert_id = $1`, [row.alert_id]);
    expect(stored.acknowledged_at).toBeNull();
  });

  it('refuses a NUL in the email at sign-in, over JSON and the form', async () => {
    const json = await api.anonymous().post('/v1/auth/sign-in').send({ email: 'a\u0000@x.example', password: 'whatever-it-is' });
    expect([400, 422]).toContain(json.status);
    named(json, 'email');
    const form = await api.anonymous().post('/sign-in').type('form').send('email=a%00%40x.example&password=whatever-it-is');
    expect([400, 422]).toContain(form.status);
    named(form, 'email');
  });

  it('refuses other control characters in queries too (a tab, an escape, DEL)', async () => {
    for (const c of ['%09', '%1B', '%7F']) {
      named(await api.http().get(`/v1/audit?actor=x${c}`).expect(400), 'actor');
      named(await api.http().get(`/v1/targets?pathway=slt${c}`).expect(400), 'pathway');
    }
  });
});
