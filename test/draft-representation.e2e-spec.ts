// Issue 18 items 7 and 8 through the API: the 16-week draft is an internal target (statutory: false),
// and a final plan inside reg 13(1)'s 15 days on the draft is a procedural concern unless the
// parent or young person agreed sooner (final_plan_issued.parentAgreedSooner, validated at the edge).
import { ehcAssessment, uniquePrefix } from './support/event-factory';
import { type TestApi, startApi } from './support/api-app';

interface CaseBody {
  milestones: { key: string; state: string; statutory: boolean }[];
  concerns: { kind: string; milestoneKey: string; rule: string; eventId: string; why: string }[];
}

describe('draft plan and the 15 days on it (real PostgreSQL)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  /** The factory's case (request 2026-01-05, draft on day 100 = 2026-04-15) with its final plan moved. */
  async function caseWithFinal(label: string, finalOn: string, extra: Record<string, unknown> = {}): Promise<CaseBody> {
    const prefix = uniquePrefix(label);
    const events = ehcAssessment(prefix, 1);
    events[6] = { ...events[6], date: finalOn, ...extra } as (typeof events)[number];
    await api.http().post('/v1/events').send(events).expect(200);
    return (await api.http().get(`/v1/cases/805/${prefix}-EHC-1?asOf=2026-06-01`).expect(200)).body as CaseBody;
  }

  it('flags a final plan 14 days after the draft, in plain words, and not one 15 days after', async () => {
    const inside = await caseWithFinal('rep14', '2026-04-29');
    expect(inside.concerns).toEqual([
      expect.objectContaining({ kind: 'final_within_representation_period', milestoneKey: 'final_plan', rule: 'ehc.representationDays' }),
    ]);
    expect(inside.concerns[0].why).toContain('14 days after the draft');
    expect(inside.milestones.find((m) => m.key === 'final_plan')).toMatchObject({ state: 'met', statutory: true });
    expect(inside.milestones.find((m) => m.key === 'draft_plan')).toMatchObject({ state: 'met', statutory: false });
    expect((await caseWithFinal('rep15', '2026-04-30')).concerns).toEqual([]);
  });

  it('raises no concern when the parent agreed to the plan being finalised sooner', async () => {
    expect((await caseWithFinal('rep-agreed', '2026-04-29', { parentAgreedSooner: true })).concerns).toEqual([]);
  });

  it('refuses a parentAgreedSooner that is not a boolean with a 422 naming the record and field', async () => {
    const prefix = uniquePrefix('rep-bad');
    const events: Record<string, unknown>[] = ehcAssessment(prefix, 1).map((e) => ({ ...e }));
    events[6] = { ...events[6], parentAgreedSooner: 'yes' };
    const res = await api.http().post('/v1/events').send(events).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 6, field: 'parentAgreedSooner' })]);
    expect(await api.countEvents(prefix)).toBe(0);
  });
});
