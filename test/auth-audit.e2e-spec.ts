// The audit trail: every case read and every write recorded (who, when, which LA and case, what),
// refusals too; append-only even for the owner; queryable and exportable by administrators only.
import { type TestApi, startApi } from './support/api-app';
import { ehcAssessment, uniquePrefix } from './support/event-factory';
import { parseCsvText } from './support/csv-text';

describe('audit trail', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  it('records a write by an API key and a case read by a caseworker, with who, when, LA, case and what', async () => {
    const prefix = uniquePrefix('audit');
    const { key, keyId } = await api.apiKey('805');
    await api.as(key)().post('/v1/events').send(ehcAssessment(prefix, 1)).expect(200);
    const reader = await api.user('caseworker', ['805']);
    await api.as(reader.token)().get(`/v1/cases/805/${prefix}-EHC-1`).expect(200);

    const writes = await api
      .http()
      .get('/v1/audit')
      .query({ actor: `key:${keyId}`, action: 'POST /v1/events' })
      .expect(200);
    expect(writes.body).toEqual([
      expect.objectContaining({
        actorKind: 'key',
        actorRole: 'ingest',
        la: '805',
        caseRef: `${prefix}-EHC-1`,
        method: 'POST',
        status: 200,
        detail: expect.objectContaining({ inserted: 7, received: 7 }),
      }),
    ]);
    const reads = await api
      .http()
      .get('/v1/audit')
      .query({ caseRef: `${prefix}-EHC-1`, la: '805', action: 'case.read' })
      .expect(200);
    expect(reads.body).toEqual([
      expect.objectContaining({
        action: 'case.read',
        actorKind: 'user',
        actorLabel: reader.email,
        actorRole: 'caseworker',
        caseRef: `${prefix}-EHC-1`,
        status: 200,
      }),
    ]);
    expect(Date.now() - new Date(reads.body[0].at).getTime()).toBeLessThan(60_000);
    // No child reference or payload in the trail.
    expect(JSON.stringify([writes.body, reads.body])).not.toContain(`C-${prefix}`);
  });

  it('records refused access and rejected writes too', async () => {
    const prefix = uniquePrefix('audit-deny');
    const outsider = await api.user('caseworker', ['807']);
    await api.as(outsider.token)().get(`/v1/cases/805/${prefix}-EHC-1`).expect(403);
    const denied = await api.http().get('/v1/audit').query({ actor: outsider.email }).expect(200);
    expect(denied.body).toEqual([expect.objectContaining({ action: 'access.denied', la: '805', caseRef: `${prefix}-EHC-1`, status: 403 })]);
    const { key, keyId } = await api.apiKey('805');
    const bad = ehcAssessment(prefix, 1).map((e, i) => (i === 3 ? { ...e, date: '2026-02-30' } : e));
    await api.as(key)().post('/v1/events').send(bad).expect(422);
    const rejected = await api
      .http()
      .get('/v1/audit')
      .query({ actor: `key:${keyId}` })
      .expect(200);
    expect(rejected.body).toEqual([expect.objectContaining({ action: 'POST /v1/events', status: 422 })]);
  });

  it('exports CSV with spreadsheet formulas neutralised, and only to administrators', async () => {
    const formula = await api.user('leader', ['805']);
    // An email that a spreadsheet would run as a formula if exported raw.
    await api.db.query(`UPDATE users SET email = $1, subject = $1 WHERE user_id = $2`, [
      `=hyperlink-${formula.userId}@x.example`,
      formula.userId,
    ]);
    await api.as(formula.token)().get('/v1/reports/waiting-list').query({ la: '805', pathway: 'slt' }).expect(200);
    const res = await api
      .http()
      .get('/v1/audit')
      .query({ actor: `=hyperlink-${formula.userId}@x.example`, format: 'csv' })
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, row] = parseCsvText(res.text);
    expect(header).toEqual([
      'auditId',
      'at',
      'la',
      'actorKind',
      'actorId',
      'actorLabel',
      'actorRole',
      'action',
      'caseRef',
      'method',
      'path',
      'status',
      'detail',
    ]);
    expect(row[header.indexOf('actorLabel')]).toBe(`'=hyperlink-${formula.userId}@x.example`);
    expect(row[header.indexOf('action')]).toBe('report.read');
    await api.as(formula.token)().get('/v1/audit').query({ format: 'csv' }).expect(403);
  });

  it('is append-only, for the owner role as well', async () => {
    await expect(api.db.query(`UPDATE audit_log SET action = 'x' WHERE audit_id = (SELECT max(audit_id) FROM audit_log)`)).rejects.toThrow(
      /append-only/,
    );
    await expect(api.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(api.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('filters by date (Europe/London days) and limits the rows', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const recent = await api.http().get('/v1/audit').query({ from: today, to: today, limit: 2 }).expect(200);
    expect(recent.body).toHaveLength(2);
    expect(Number(recent.body[0].auditId)).toBeGreaterThan(Number(recent.body[1].auditId));
    await api.http().get('/v1/audit').query({ to: '2000-01-01' }).expect(200, []);
  });

  it('validates its filters', async () => {
    await api.http().get('/v1/audit').query({ la: '8o5' }).expect(400);
    await api.http().get('/v1/audit').query({ from: '2026-02-30' }).expect(400);
    await api.http().get('/v1/audit').query({ limit: 0 }).expect(400);
  });
});
