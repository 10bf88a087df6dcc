// Who acknowledges or resolves an alert is the person signed in: a caseworker as themselves, a
// team manager for a member of their team; naming anyone else is refused (403) and audited. API
// keys (ingest only) cannot act on alerts at all.
import { StaffRepository, syntheticStaff } from '@app/compliance';
import { type TestApi, startApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';

const LA = '805';

describe('acting on alerts as the person signed in', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    await api.app.get(StaffRepository).upsert(syntheticStaff(LA));
  });
  afterAll(async () => api.close());

  /** A delivered alert of this LA, in the assessment team's inbox. */
  async function alert(): Promise<string> {
    const [row] = await api.db.query(
      `INSERT INTO alerts (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, due_on, raised_on, recipient_ref, delivered_at)
       VALUES ($1, $2, $3, 'final_plan', 'overdue', 'ehc_assessment', '2026-05-25', '2026-05-26', 'CW-805-ASSESSMENT-1', now())
       RETURNING alert_id::text`,
      [LA, uniquePrefix('actor-alert'), uniquePrefix('ACT')],
    );
    return row.alert_id;
  }
  const stored = async (id: string) =>
    (await api.db.query(`SELECT acknowledged_by, resolution FROM alerts WHERE la_code = $1 AND alert_id = $2`, [LA, id]))[0] as {
      acknowledged_by: string | null;
      resolution: string | null;
    };
  const act = (token: string, id: string, what: 'acknowledge' | 'resolve', body: object = {}) =>
    api.as(token)().post(`/v1/alerts/${LA}/${id}/${what}`).send(body);

  it('records a caseworker as themselves, with or without naming themselves', async () => {
    const cw = await api.user('caseworker', [LA], 'CW-805-ASSESSMENT-1');
    const first = await alert();
    const res = await act(cw.token, first, 'acknowledge').expect(201);
    expect(res.body.acknowledgedBy).toBe('CW-805-ASSESSMENT-1');
    const second = await alert();
    await act(cw.token, second, 'acknowledge', { by: 'CW-805-ASSESSMENT-1' }).expect(201);
    await act(cw.token, second, 'resolve').expect(201);
    expect(await stored(second)).toEqual({ acknowledged_by: 'CW-805-ASSESSMENT-1', resolution: 'resolved by CW-805-ASSESSMENT-1' });
  });

  it('refuses a caseworker naming someone else (403, audited), and the alert is left as it was', async () => {
    const cw = await api.user('caseworker', [LA], 'CW-805-ASSESSMENT-1');
    const id = await alert();
    for (const what of ['acknowledge', 'resolve'] as const) {
      const res = await act(cw.token, id, what, { by: 'CW-805-ASSESSMENT-2' }).expect(403);
      expect(res.body.message).toContain('only as yourself');
    }
    expect(await stored(id)).toEqual({ acknowledged_by: null, resolution: null });
    const trail = await api.http().get('/v1/audit').query({ actor: cw.email, action: 'access.denied' }).expect(200);
    expect(trail.body).toHaveLength(2);
    expect(trail.body[0]).toMatchObject({ la: LA, status: 403, actorRole: 'caseworker', path: '/v1/alerts/:la/:id/resolve' });
    expect(trail.body[0].detail).toEqual({ refused: 'acting as another person' });
  });

  it('lets a team manager name a member of their own team, and no one else', async () => {
    const tm = await api.user('team_manager', [LA], 'TM-805-ASSESSMENT');
    const id = await alert();
    await act(tm.token, id, 'acknowledge', { by: 'CW-805-REVIEWS-1' }).expect(403);
    await act(tm.token, id, 'acknowledge', { by: 'CW-805-NOBODY-9' }).expect(403);
    await act(tm.token, id, 'acknowledge', { by: 'LEAD-805-SEND' }).expect(403);
    const res = await act(tm.token, id, 'acknowledge', { by: 'CW-805-ASSESSMENT-2' }).expect(201);
    expect(res.body.acknowledgedBy).toBe('CW-805-ASSESSMENT-2');
    await act(tm.token, id, 'resolve').expect(201);
    expect((await stored(id)).resolution).toBe('resolved by TM-805-ASSESSMENT');
    // A team manager whose reference is not a team manager of this LA's staff names no one but themselves.
    const unlisted = await api.user('team_manager', [LA], 'TM-805-UNLISTED');
    await act(unlisted.token, await alert(), 'acknowledge', { by: 'CW-805-ASSESSMENT-2' }).expect(403);
  });

  it('records anyone else as themselves only: an administrator may not name a person', async () => {
    const id = await alert();
    await api.http().post(`/v1/alerts/${LA}/${id}/acknowledge`).send({ by: 'CW-805-ASSESSMENT-1' }).expect(403);
    const res = await api.http().post(`/v1/alerts/${LA}/${id}/acknowledge`).send({}).expect(201);
    expect(res.body.acknowledgedBy).toMatch(/^admin-[0-9a-f]+@test\.example$/);
  });

  it('never lets an API key or a leader act on an alert', async () => {
    const { key } = await api.apiKey(LA);
    const leader = await api.user('leader', [LA], 'LEAD-805-SEND');
    const id = await alert();
    await act(key, id, 'acknowledge', { by: 'CW-805-ASSESSMENT-1' }).expect(403);
    await api.anonymous().post(`/v1/alerts/${LA}/${id}/resolve`).set('x-api-key', key).send({}).expect(403);
    await act(leader.token, id, 'acknowledge').expect(403);
    expect(await stored(id)).toEqual({ acknowledged_by: null, resolution: null });
  });
});
