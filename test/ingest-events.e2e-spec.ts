import { ehcAssessment, ehcBatch, uniquePrefix } from './support/event-factory';
import { type TestApi, startApi } from './support/api-app';

describe('POST /v1/events (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  it('stores a valid batch and its case', async () => {
    const prefix = uniquePrefix('valid');
    const events = ehcAssessment(prefix, 1);
    const res = await api.http().post('/v1/events').send(events).expect(200);
    expect(res.body).toMatchObject({ received: 7, inserted: 7, duplicates: 0, cases: 1 });
    expect(await api.countEvents(prefix)).toBe(7);
    const [c] = await api.db.query(`SELECT * FROM cases WHERE la_code = '805' AND case_ref = $1`, [`${prefix}-EHC-1`]);
    expect(c).toMatchObject({ pathway: 'ehc_assessment', child_ref: `C-${prefix}-1`, event_count: 7 });
  });

  it('accepts a single event as well as a batch', async () => {
    const [event] = ehcAssessment(uniquePrefix('single'), 1);
    const res = await api.http().post('/v1/events').send(event).expect(200);
    expect(res.body).toMatchObject({ received: 1, inserted: 1 });
  });

  it('rejects a batch of 1,000 with 3 bad records, naming each by index and field, writing nothing', async () => {
    const prefix = uniquePrefix('bad3');
    const events: Record<string, unknown>[] = ehcBatch(prefix, 1000).map((e) => ({ ...e }));
    events[17] = { ...events[17], date: '2026-02-30' };
    events[500] = { ...events[500], la: '000' };
    const third = events[999] as { type: string };
    events[999] = { ...events[999], type: third.type === 'retract' ? 'x' : 'no_such_type' };
    const res = await api.http().post('/v1/events').send(events).expect(422);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [17, 'date'],
      [500, 'la'],
      [999, 'type'],
    ]);
    expect(res.body.message).toContain('nothing was written');
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('treats a replayed batch as 1,000 duplicates and changes no row', async () => {
    const prefix = uniquePrefix('replay');
    const events = ehcBatch(prefix, 1000);
    await api.http().post('/v1/events').send(events).expect(200);
    const snapshot = async () =>
      api.db.query(
        `SELECT e.event_id, e.received_at, c.updated_at, c.event_count FROM events e
         JOIN cases c USING (la_code, case_ref) WHERE e.event_id LIKE $1 ORDER BY e.event_id`,
        [`${prefix}-%`],
      );
    const before = await snapshot();
    const res = await api.http().post('/v1/events').send(events).expect(200);
    expect(res.body).toMatchObject({ received: 1000, inserted: 0, duplicates: 1000, cases: 0 });
    expect(res.body.duplicateEventIds).toHaveLength(1000);
    expect(await snapshot()).toEqual(before);
  });

  // A batch of 10,000 is written in parts (IngestService, BATCH_PART_BYTES): these look across them.
  it('lists the replays of a 10,000 batch written in parts once each, in order', async () => {
    const prefix = uniquePrefix('parts');
    const events = ehcBatch(prefix, 9999);
    await api.http().post('/v1/events').send([events[10], events[5000], events[9990]]).expect(200);
    // events[10] again at the end: an exact repeat, in the last part, of a replay of the first.
    const res = await api
      .http()
      .post('/v1/events')
      .send([...events, events[10]])
      .expect(200);
    expect(res.body).toMatchObject({ received: 10000, inserted: 9996, duplicates: 4 });
    expect(res.body.duplicateEventIds).toEqual([events[10].eventId, events[5000].eventId, events[9990].eventId]);
    expect(await api.countEvents(prefix)).toBe(9999);
  });

  it('refuses a 10,000 batch with an early conflicting replay and a late bad record, listing both, writing nothing', async () => {
    const prefix = uniquePrefix('partsbad');
    const events: Record<string, unknown>[] = ehcBatch(prefix, 10000).map((e) => ({ ...e }));
    await api.http().post('/v1/events').send([events[3]]).expect(200);
    events[3] = { ...events[3], date: '2026-01-02' };
    events[9500] = { ...events[9500], date: '2026-02-30' };
    const res = await api.http().post('/v1/events').send(events).expect(422);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [3, 'eventId'],
      [9500, 'date'],
    ]);
    expect(await api.countEvents(prefix)).toBe(1);
  });

  it('refuses an id repeated with other content in two parts of a 10,000 batch', async () => {
    const prefix = uniquePrefix('partsrep');
    const events: Record<string, unknown>[] = ehcBatch(prefix, 10000).map((e) => ({ ...e }));
    events[9000] = { ...events[100], date: '2026-01-01' };
    const res = await api.http().post('/v1/events').send(events).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 9000, field: 'eventId' })]);
    expect(res.body.errors[0].reason).toContain('first at index 100');
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('accepts events out of order and serves the timeline in date order', async () => {
    const prefix = uniquePrefix('order');
    const events = ehcAssessment(prefix, 1).reverse();
    await api.http().post('/v1/events').send(events.slice(0, 3)).expect(200);
    await api.http().post('/v1/events').send(events.slice(3)).expect(200);
    const res = await api.http().get(`/v1/cases/805/${prefix}-EHC-1`).expect(200);
    const dates = res.body.timeline.map((e: { date: string }) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(res.body.timeline[0].type).toBe('request_received');
    expect(res.body).toMatchObject({ firstEventOn: '2026-01-05', lastEventOn: '2026-05-15', eventCount: 7 });
  });

  it('serves each milestone with its due date and state, as of a date', async () => {
    const prefix = uniquePrefix('milestones');
    const events = ehcAssessment(prefix, 1);
    await api.http().post('/v1/events').send(events.slice(0, 2)).expect(200);
    const open = await api.http().get(`/v1/cases/805/${prefix}-EHC-1?asOf=2026-06-01`).expect(200);
    const state = (body: { milestones: { key: string; state: string; dueOn: string }[] }, key: string) =>
      body.milestones.find((m) => m.key === key);
    expect(open.body).toMatchObject({ asOf: '2026-06-01', status: 'open' });
    expect(state(open.body, 'decision_to_assess')).toMatchObject({ dueOn: '2026-02-16', state: 'met' });
    expect(state(open.body, 'final_plan')).toMatchObject({ dueOn: '2026-05-25', state: 'overdue' });
    await api.http().post('/v1/events').send(events.slice(2)).expect(200);
    const done = await api.http().get(`/v1/cases/805/${prefix}-EHC-1?asOf=2026-06-01`).expect(200);
    expect(done.body).toMatchObject({ status: 'closed', outcome: 'plan_issued' });
    expect(state(done.body, 'final_plan')).toMatchObject({ dueOn: '2026-05-25', state: 'met' });
    await api.http().get(`/v1/cases/805/${prefix}-EHC-1?asOf=2026-02-30`).expect(400);
  });

  it('retracts an event of the same case and keeps both in the audit trail', async () => {
    const prefix = uniquePrefix('retract');
    const events = ehcAssessment(prefix, 1);
    await api.http().post('/v1/events').send(events).expect(200);
    const base = { la: '805', caseRef: `${prefix}-EHC-1`, childRef: `C-${prefix}-1`, pathway: 'ehc_assessment' };
    await api
      .http()
      .post('/v1/events')
      .send([
        { ...base, eventId: `${prefix}-r1`, type: 'retract', date: '2026-05-20', retractsEventId: events[6].eventId },
        { ...base, eventId: `${prefix}-c1`, type: 'final_plan_issued', date: '2026-05-18' },
      ])
      .expect(200);
    const res = await api.http().get(`/v1/cases/805/${prefix}-EHC-1`).expect(200);
    const byId = Object.fromEntries(res.body.timeline.map((e: { eventId: string }) => [e.eventId, e]));
    expect(byId[events[6].eventId].retractedBy).toBe(`${prefix}-r1`);
    expect(byId[`${prefix}-r1`].fields).toEqual({ retractsEventId: events[6].eventId });
    expect(res.body.timeline).toHaveLength(9);
  });

  it('refuses a retract of an unknown event, of another case, or of a retract', async () => {
    const prefix = uniquePrefix('badretract');
    const a = ehcAssessment(prefix, 1);
    const b = ehcAssessment(prefix, 2);
    await api
      .http()
      .post('/v1/events')
      .send([...a, ...b])
      .expect(200);
    const base = { la: '805', caseRef: a[0].caseRef, childRef: a[0].childRef, pathway: 'ehc_assessment' };
    const res = await api
      .http()
      .post('/v1/events')
      .send([
        { ...base, eventId: `${prefix}-x1`, type: 'retract', date: '2026-06-01', retractsEventId: 'NO-SUCH-1' },
        { ...base, eventId: `${prefix}-x2`, type: 'retract', date: '2026-06-01', retractsEventId: b[1].eventId },
        { ...base, eventId: `${prefix}-x3`, type: 'retract', date: '2026-06-01', retractsEventId: `${prefix}-x3` },
      ])
      .expect(422);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [0, 'retractsEventId'],
      [1, 'retractsEventId'],
      [2, 'retractsEventId'],
    ]);
  });

  it('keeps a case on one pathway and one child', async () => {
    const prefix = uniquePrefix('identity');
    const a = ehcAssessment(prefix, 1);
    await api.http().post('/v1/events').send(a.slice(0, 2)).expect(200);
    const res = await api
      .http()
      .post('/v1/events')
      .send([
        { ...a[2], pathway: 'slt', type: 'referral_received', service: undefined },
        { ...a[3], childRef: 'C-OTHER-1' },
        { ...a[4], eventId: a[4].eventId },
        { ...a[5], eventId: a[4].eventId },
      ])
      .expect(422);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [0, 'pathway'],
      [1, 'childRef'],
      [3, 'eventId'],
    ]);
    expect(await api.countEvents(prefix)).toBe(2);
  });

  it('names unknown fields and refuses names where a pseudonymous reference belongs', async () => {
    const [event] = ehcAssessment(uniquePrefix('fields'), 1);
    const res = await api
      .http()
      .post('/v1/events')
      .send({ ...event, childRef: 'Jane Smith', firstName: 'x' })
      .expect(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['childRef', 'firstName']);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, never 500', async () => {
    await api.http().post('/v1/events').set('content-type', 'application/json').send('{"eventId": ').expect(400);
    const huge = JSON.stringify([{ pad: 'x'.repeat(21 * 1024 * 1024) }]);
    await api.http().post('/v1/events').set('content-type', 'application/json').send(huge).expect(413);
  });

  it('answers a batch over 10,000 records with 413', async () => {
    const events = ehcBatch(uniquePrefix('big'), 10_001);
    const res = await api.http().post('/v1/events').send(events).expect(413);
    expect(res.body.message).toContain('10000');
  });

  it('returns 404 for an unknown case and 400 for a malformed LA code', async () => {
    await api.http().get('/v1/cases/805/NO-SUCH-CASE-1').expect(404);
    await api.http().get('/v1/cases/8o5/EHC-1').expect(400);
  });

  it('reports PostgreSQL and Redis health', async () => {
    const res = await api.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });
});
