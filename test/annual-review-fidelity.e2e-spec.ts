// Annual reviews through the API: the under-5 local-policy reminder beside the statutory 12-month
// review (CoP 9.178, CFA 2014 s44(1)); a move between post-16 institutions (reg 18(2)) and its day.
import { uniquePrefix } from './support/event-factory';
import { type TestApi, startApi } from './support/api-app';

describe('annual reviews in the case view (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  const planActive = (prefix: string, n: number, fields: Record<string, unknown>) => ({
    eventId: `${prefix}-${n}`,
    la: '805',
    caseRef: `${prefix}-AR-${n}`,
    childRef: `C-${prefix}-${n}`,
    pathway: 'annual_review',
    type: 'plan_active',
    date: '2025-01-15',
    planIssuedOn: '2025-01-15',
    ...fields,
  });

  it('shows an under-5 plan past its 6-month local interval as a local-policy reminder, the statutory review pending', async () => {
    const prefix = uniquePrefix('under5');
    await api
      .http()
      .post('/v1/events')
      .send([planActive(prefix, 1, { birthDate: '2023-06-01' })])
      .expect(200);
    const res = await api.http().get(`/v1/cases/805/${prefix}-AR-1?asOf=2025-08-20`).expect(200);
    expect(res.body.milestones).toEqual([expect.objectContaining({ key: 'review_meeting.1', dueOn: '2026-01-15', state: 'pending' })]);
    expect(res.body.localReminders).toEqual([
      expect.objectContaining({ key: 'under_five_review.1', basis: 'local_policy', dueOn: '2025-07-15', state: 'past_interval' }),
    ]);
  });

  it('takes a post-16 move with its day (due 5 months before), and refuses one without it, naming phaseTransfer.on', async () => {
    const prefix = uniquePrefix('p16move');
    const move = planActive(prefix, 1, { phaseTransfer: { year: 2026, kind: 'post16_move', on: '2026-01-10' } });
    await api.http().post('/v1/events').send([move]).expect(200);
    const res = await api.http().get(`/v1/cases/805/${prefix}-AR-1?asOf=2025-08-11`).expect(200);
    expect(res.body.milestones).toContainEqual(
      expect.objectContaining({
        key: 'phase_transfer.2026',
        dueOn: '2025-08-10',
        state: 'overdue',
        rule: 'phaseTransfer.post16MoveMonths',
      }),
    );
    const bad = planActive(prefix, 2, { phaseTransfer: { year: 2026, kind: 'post16_move' } });
    const refused = await api.http().post('/v1/events').send([bad]).expect(422);
    expect(refused.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([[0, 'phaseTransfer.on']]);
  });
});
