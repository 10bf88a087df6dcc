// The EHC breach forecast in the nightly pass, on real PostgreSQL: the pass stores the LA's stage
// durations (ehc_stage_distributions) and forecasts each open assessment from the ones stored
// before, so an assessment whose chance of missing 20 weeks crosses rules.forecast.atRiskPercent
// gets an at_risk alert on its final plan, one like it that is on track does not, and at_risk is
// never escalated. Its own scratch database; all data synthetic.
import { AlertsService, RecomputeService, StageDistributionsRepository } from '@app/compliance';
import { addDays, type CaseEvent, type StageDistributions } from '@app/rules';
import { startApi, type TestApi } from './support/api-app';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const LA = '305';
const AS_OF = '2026-06-01';

let api: TestApi;
let scratch: ScratchDatabase | undefined;

/** An assessment's steps on days from its request (null: not yet). */
function assessment(ref: string, requested: string, days: { advice: number | null; draft?: number; final?: number }): CaseEvent[] {
  const base = { la: LA, caseRef: ref, childRef: `C-${ref}`, pathway: 'ehc_assessment' as const };
  const on = (d: number) => addDays(requested, d);
  const events: Record<string, unknown>[] = [
    { type: 'request_received', date: requested, needCode: 'SLCN' },
    { type: 'decision_to_assess', date: on(35), outcome: 'assess' },
    { type: 'advice_requested', date: on(36), service: 'slt' },
  ];
  if (days.advice !== null) events.push({ type: 'advice_received', date: on(days.advice), service: 'slt' });
  if (days.draft !== undefined) {
    events.push({ type: 'decision_to_issue', date: on(days.draft - 5), outcome: 'issue' });
    events.push({ type: 'draft_plan_issued', date: on(days.draft) });
  }
  if (days.final !== undefined) events.push({ type: 'final_plan_issued', date: on(days.final) });
  return events.map((e, i) => ({ ...base, eventId: `${ref}-${i + 1}`, ...e }) as CaseEvent);
}

// 20 ended on time (advice in by day 70, final plan day 130) and 25 late (advice day 120, final day 170).
const history = [
  ...Array.from({ length: 20 }, (_, i) => assessment(`AR-FAST-${i}`, addDays(AS_OF, -300 + 5 * i), { advice: 70, draft: 100, final: 130 })),
  ...Array.from({ length: 25 }, (_, i) =>
    assessment(`AR-SLOW-${i}`, addDays(AS_OF, -340 + 5 * i), { advice: 120, draft: 130, final: 170 }),
  ),
];
// Open: advice in on day 75 (like the on-time ones), and still gathering advice on day 100 (like the late ones).
const onTrack = assessment('AR-OPEN-1-ONTRACK', addDays(AS_OF, -80), { advice: 75 });
const atRisk = assessment('AR-OPEN-2-ATRISK', addDays(AS_OF, -100), { advice: null });

const kindsOf = async (caseRef: string): Promise<string[]> =>
  (
    await api.db.query(`SELECT kind FROM alerts WHERE la_code = $1 AND case_ref = $2 AND resolved_at IS NULL ORDER BY kind`, [LA, caseRef])
  ).map((r: { kind: string }) => r.kind);

beforeAll(async () => {
  scratch = await createScratchDatabase('atrisk');
  scratch.use();
  api = await startApi();
  const res = await api
    .http()
    .post('/v1/events')
    .send([...history, onTrack, atRisk].flat());
  expect([res.status, res.status === 200 ? null : JSON.stringify(res.body).slice(0, 600)]).toEqual([200, null]);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await scratch?.drop();
});

describe('at-risk alerts from the nightly pass', () => {
  it('stores the stage durations on the first pass, and raises at_risk from them on the next', async () => {
    const recompute = api.app.get(RecomputeService, { strict: false });
    await recompute.recomputeAll(AS_OF, { onlyLa: LA });
    // No durations were stored before this pass: nothing forecast yet.
    expect(await kindsOf('AR-OPEN-2-ATRISK')).not.toContain('at_risk');
    const [stored] = await api.db.query(`SELECT as_of::text, ended_cases, distributions FROM ehc_stage_distributions WHERE la_code = $1`, [
      LA,
    ]);
    expect(stored).toMatchObject({ as_of: AS_OF, ended_cases: 45 });
    expect(JSON.stringify(stored.distributions)).not.toMatch(/AR-/); // durations only, no case references
    const d = (await api.app.get(StageDistributionsRepository, { strict: false }).latest(LA)) as StageDistributions;
    expect(d.byStage.gathering_advice).toHaveLength(45);
    expect(d.byStage.gathering_advice.filter((s) => s.plan).length).toBeGreaterThan(0); // packed flags read back

    await recompute.recomputeAll(AS_OF, { onlyLa: LA });
    expect(await kindsOf('AR-OPEN-2-ATRISK')).toContain('at_risk');
    expect(await kindsOf('AR-OPEN-1-ONTRACK')).not.toContain('at_risk');
    const [alert] = await api.db.query(
      `SELECT milestone_key, due_on::text, recipient_ref FROM alerts
       WHERE la_code = $1 AND case_ref = 'AR-OPEN-2-ATRISK' AND kind = 'at_risk'`,
      [LA],
    );
    expect(alert).toMatchObject({ milestone_key: 'final_plan', due_on: addDays(addDays(AS_OF, -100), 140) });

    // A third pass raises it once only (same dedupe key), and escalation never takes it up.
    await recompute.recomputeAll(AS_OF, { onlyLa: LA });
    const count = await api.db.query(`SELECT count(*)::int AS n FROM alerts WHERE la_code = $1 AND kind = 'at_risk'`, [LA]);
    expect(count[0].n).toBe(1);
    await api.app.get(AlertsService, { strict: false }).escalate(addDays(AS_OF, 400));
    const escalations = await api.db.query(
      `SELECT e.kind FROM alerts e JOIN alerts a ON a.alert_id = e.escalates_alert_id AND a.la_code = e.la_code
       WHERE a.la_code = $1 AND a.kind = 'at_risk'`,
      [LA],
    );
    expect(escalations).toEqual([]);
    // ... while the same call escalated the overdue advice it does take up.
    const escalated = await api.db.query(`SELECT count(*)::int AS n FROM alerts WHERE la_code = $1 AND kind = 'escalation'`, [LA]);
    expect(escalated[0].n).toBeGreaterThan(0);
  });
});
