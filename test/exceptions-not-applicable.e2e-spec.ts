// Exceptions recorded but not applicable (SEND Regs 2014 reg 5(4), 8(2), 13(3)), through the real
// API: a missed appointment must name its service (422), and an exception that lifts nothing is
// shown on the case and in the LA's data-quality list, with why; other LAs do not see it.
import type { CaseEvent } from '@app/rules';
import { uniquePrefix } from './support/event-factory';
import { type TestApi, startApi } from './support/api-app';

describe('exceptions recorded but not applicable (real PostgreSQL)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  const caseOf = (prefix: string, n: number, la = '805') => {
    const caseRef = `${prefix}-EHC-${n}`;
    const base = { la, caseRef, childRef: `C-${prefix}-${n}`, pathway: 'ehc_assessment' as const };
    let k = 0;
    return {
      caseRef,
      ev: (type: string, date: string, fields: Record<string, unknown> = {}) =>
        ({ ...base, eventId: `${prefix}-${n}-${++k}`, type, date, ...fields }) as unknown as CaseEvent,
    };
  };

  it('answers 422 naming the record and field when a missed appointment names no service, writing nothing', async () => {
    const prefix = uniquePrefix('dna-service');
    const { ev } = caseOf(prefix, 1);
    const res = await api
      .http()
      .post('/v1/events')
      .send([ev('request_received', '2026-01-05'), ev('exception', '2026-03-05', { reason: 'missed_appointment' })])
      .expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ index: 1, eventId: `${prefix}-1-2`, field: 'service', reason: expect.stringContaining('required') }),
    ]);
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('lists a summer closure with no educational advice asked, and not one with the head teacher asked in the window', async () => {
    const prefix = uniquePrefix('closure');
    const bare = caseOf(prefix, 1);
    const asked = caseOf(prefix, 2);
    const timeline = (c: ReturnType<typeof caseOf>, school: boolean) => [
      c.ev('request_received', '2026-05-04'),
      c.ev('decision_to_assess', '2026-06-10', { outcome: 'assess' }),
      ...(school ? [c.ev('advice_requested', '2026-07-16', { service: 'school' })] : []),
      c.ev('exception', '2026-07-22', { reason: 'school_closure', until: '2026-09-02' }),
      c.ev('final_plan_issued', '2026-10-05'),
    ];
    await api
      .http()
      .post('/v1/events')
      .send([...timeline(bare, false), ...timeline(asked, true)])
      .expect(200);

    const list = await api.http().get('/v1/cases/805/exceptions/not-applicable').query({ asOf: '2026-10-10' }).expect(200);
    expect(list.body).toMatchObject({ la: '805', asOf: '2026-10-10' });
    const mine = list.body.exceptions.filter((x: { caseRef: string }) => x.caseRef.startsWith(prefix));
    expect(mine).toEqual([
      {
        caseRef: bare.caseRef,
        eventId: `${prefix}-1-3`,
        reason: 'school_closure',
        date: '2026-07-22',
        why: expect.stringContaining('no educational advice') as unknown,
      },
    ]);
    expect(list.body.count).toBe(list.body.exceptions.length);

    const page = await api.http().get(`/v1/cases/805/${bare.caseRef}`).query({ asOf: '2026-10-10' }).expect(200);
    expect(page.body.ignoredExceptions).toEqual([expect.objectContaining({ eventId: `${prefix}-1-3`, reason: 'school_closure' })]);
    expect(page.body.milestones.find((m: { key: string }) => m.key === 'final_plan')).toMatchObject({ state: 'missed' });
    const valid = await api.http().get(`/v1/cases/805/${asked.caseRef}`).query({ asOf: '2026-10-10' }).expect(200);
    expect(valid.body.ignoredExceptions).toEqual([]);
    expect(valid.body.milestones.find((m: { key: string }) => m.key === 'final_plan')).toMatchObject({ state: 'exempt' });

    // LA-scoped like its siblings: another LA's list never holds 805's cases, and its staff cannot read 805's.
    const other = await api.http().get('/v1/cases/806/exceptions/not-applicable').query({ asOf: '2026-10-10' }).expect(200);
    expect(other.body.exceptions.some((x: { caseRef: string }) => x.caseRef.startsWith(prefix))).toBe(false);
    const outsider = await api.user('caseworker', ['806']);
    await api.as(outsider.token)().get('/v1/cases/805/exceptions/not-applicable').expect(403);
    const insider = await api.user('caseworker', ['805']);
    await api.as(insider.token)().get('/v1/cases/805/exceptions/not-applicable').query({ asOf: '2026-10-10' }).expect(200);
  });

  it('refuses a malformed LA or date with 400, never 500', async () => {
    await api.http().get('/v1/cases/8051/exceptions/not-applicable').expect(400);
    await api.http().get('/v1/cases/805/exceptions/not-applicable').query({ asOf: '2026-02-30' }).expect(400);
  });
});
