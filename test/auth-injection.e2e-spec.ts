// Injection strings (SQL, HTML, CSV formulas) wherever the API takes text: refused where the
// contract allows only references and codes, stored as plain text where free text is allowed,
// escaped in HTML, neutralised in CSV, and harmless to the database.
import { type TestApi, startApi } from './support/api-app';
import { parseCsvText } from './support/csv-text';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

const SQL = "x'); DROP TABLE events; --";
const HTML = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const FORMULA = '=HYPERLINK("http://evil.example","x")';
const ALL = [SQL, HTML, FORMULA, `${FORMULA}${SQL}${HTML}`];

describe('injection strings', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  it('refuses them in every string field of an event (4xx, nothing written) and the tables stay whole', async () => {
    const prefix = uniquePrefix('inject');
    const [event] = ehcAssessment(prefix, 1);
    const before = Number((await api.db.query(`SELECT count(*) FROM events`))[0].count);
    for (const field of ['eventId', 'la', 'caseRef', 'childRef', 'pathway', 'type', 'date', 'needCode']) {
      for (const text of ALL) {
        const res = await api
          .http()
          .post('/v1/events')
          .send({ ...event, [field]: text });
        expect({ field, text, status: res.status }).toEqual({ field, text, status: 422 });
      }
    }
    expect(await api.countEvents(prefix)).toBe(0);
    expect(Number((await api.db.query(`SELECT count(*) FROM events`))[0].count)).toBeGreaterThanOrEqual(before);
    const csv = `eventId,la,caseRef,childRef,pathway,type,date\n"${SQL}",805,"${HTML}","${FORMULA.replace(/"/g, '""')}",slt,referral_received,2026-01-05\n`;
    await api.http().post('/v1/imports').set('content-type', 'text/csv').send(csv).expect(422);
  });

  it('stores who acknowledged an alert (their staff reference) as plain text, exactly', async () => {
    const la = '805';
    const [row] = await api.db.query(
      `INSERT INTO alerts (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, due_on, raised_on, recipient_ref, delivered_at)
       VALUES ($1, $2, 'INJ-1', 'final_plan', 'overdue', 'ehc_assessment', '2026-05-25', '2026-05-26', 'CW-805-X-1', now())
       RETURNING alert_id::text`,
      [la, uniquePrefix('inject-alert')],
    );
    const by = `${SQL} ${HTML}`.slice(0, 64);
    // Only one's own reference is accepted, so the text rides on an account's staff reference.
    const caseworker = await api.user('caseworker', [la], by);
    const res = await api.as(caseworker.token)().post(`/v1/alerts/${la}/${row.alert_id}/acknowledge`).send({ by }).expect(201);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body.acknowledgedBy).toBe(by);
    const [stored] = await api.db.query(`SELECT acknowledged_by FROM alerts WHERE la_code = $1 AND alert_id = $2`, [la, row.alert_id]);
    expect(stored.acknowledged_by).toBe(by);
    expect(await api.db.query(`SELECT to_regclass('events') IS NOT NULL AS whole`)).toEqual([{ whole: true }]);
  });

  it('neutralises formulas in CSV exports and keeps HTML inert as text', async () => {
    const { key, keyId } = await api.apiKey('805');
    const name = `${FORMULA} ${HTML}`;
    await api.db.query(`UPDATE api_keys SET name = $1 WHERE key_id = $2`, [name, keyId]);
    await api
      .as(key)()
      .post('/v1/events')
      .send(ehcAssessment(uniquePrefix('inject-key'), 1))
      .expect(200);
    const json = await api.http().get('/v1/audit').query({ actor: name }).expect(200);
    expect(json.body[0].actorLabel).toBe(name);
    const csv = await api.http().get('/v1/audit').query({ actor: name, format: 'csv' }).expect(200);
    const [header, first] = parseCsvText(csv.text);
    expect(first[header.indexOf('actorLabel')]).toBe(`'${name}`);
  });

  it('escapes them in the sign-in page and answers them in queries with nothing', async () => {
    const page = await api.anonymous().get('/sign-in').query({ next: `/"><script>alert(1)</script>` }).expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    const bad = await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send({ email: `${HTML}@x.example`, password: SQL, next: '/' })
      .expect(401);
    expect(bad.text).not.toContain('<script>');
    const found = await api.http().get('/v1/audit').query({ actor: "' OR '1'='1" }).expect(200);
    expect(found.body).toEqual([]);
    await api
      .http()
      .get(`/v1/cases/805/${encodeURIComponent("1' OR '1'='1")}`)
      .expect(400);
    await api.http().get('/v1/alerts').query({ la: "805' OR '1'='1" }).expect(400);
  });
});
