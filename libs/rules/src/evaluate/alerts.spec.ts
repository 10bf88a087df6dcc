import { evaluateSteps } from '../testing/evaluate-steps';
import { RULES } from '../testing/rules-fixture';
import { alertsFor } from './alerts';

const kinds = (e: ReturnType<typeof evaluateSteps>) =>
  alertsFor(e, RULES)
    .map((a) => `${a.milestoneKey}:${a.kind}`)
    .sort();

describe('alertsFor', () => {
  it('raises overdue for the decision, due soon for advice, an internal-target reminder for the draft', () => {
    // Request 2026-01-05: decision due 02-16; advice asked 03-16 due 04-27; draft due 04-27.
    const e = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['advice_requested', '2026-03-16', { service: 'slt' }],
      ],
      '2026-04-20',
    );
    expect(kinds(e)).toEqual(['advice.slt:due_soon', 'decision_to_assess:overdue', 'draft_plan:target_due_soon']);
    const advice = alertsFor(e, RULES).find((a) => a.milestoneKey === 'advice.slt');
    expect(advice?.audience).toEqual({ to: 'service', service: 'slt' });
    const later = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['advice_requested', '2026-03-16', { service: 'slt' }],
      ],
      '2026-04-28',
    );
    expect(kinds(later)).toContain('advice.slt:advice_overdue');
  });

  it('reminds of a draft past its 16-week internal target without raising an overdue alert', () => {
    // Request 2026-01-05, decision on time: draft due 04-27 (internal target), final 05-25 (reg 13(2)).
    const steps: Parameters<typeof evaluateSteps>[1] = [
      ['request_received', '2026-01-05'],
      ['decision_to_assess', '2026-02-01', { outcome: 'assess' }],
    ];
    expect(kinds(evaluateSteps('ehc_assessment', steps, '2026-04-27'))).toEqual(['draft_plan:target_due_soon']); // due day
    expect(kinds(evaluateSteps('ehc_assessment', steps, '2026-04-28'))).toEqual(['draft_plan:target_passed']); // day after
    const late = evaluateSteps('ehc_assessment', steps, '2026-05-26');
    expect(kinds(late)).toEqual(['draft_plan:target_passed', 'final_plan:final_deadline_breached']);
    expect(late.milestones.find((m) => m.key === 'draft_plan')).toMatchObject({ state: 'overdue', statutory: false });
    expect(late.milestones.find((m) => m.key === 'final_plan')).toMatchObject({ statutory: true });
  });

  it('names the 20-week breach and keys each alert by case, milestone, kind and due date', () => {
    const e = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['decision_to_assess', '2026-02-01', { outcome: 'assess' }],
      ],
      '2026-05-26',
    );
    const final = alertsFor(e, RULES).find((a) => a.milestoneKey === 'final_plan');
    expect(final).toMatchObject({ kind: 'final_deadline_breached', dueOn: '2026-05-25' });
    expect(final?.dedupeKey).toBe(`${e.caseRef}|final_plan|final_deadline_breached|2026-05-25`);
  });

  it('raises nothing for met, exempt or closed cases', () => {
    const exempt = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['exception', '2026-01-10', { reason: 'absent_from_area' }],
      ],
      '2026-04-01',
    );
    expect(kinds(exempt).filter((k) => k.endsWith(':overdue'))).toEqual([]);
    const closed = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['withdrawn', '2026-01-06'],
      ],
      '2026-04-01',
    );
    expect(alertsFor(closed, RULES)).toEqual([]);
  });

  it('raises a wait past its target for an SLT referral not yet seen', () => {
    const e = evaluateSteps('slt', [['referral_received', '2026-01-05']], '2026-06-01'); // 21 weeks > 18
    expect(kinds(e)).toEqual(['first_contact:wait_past_target']);
  });

  it('raises at_risk on the final plan only when the breach forecast says so, keyed like the others', () => {
    const e = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['decision_to_assess', '2026-02-01', { outcome: 'assess' }],
      ],
      '2026-03-02',
    );
    const forecast = (missProbability: number, atRisk: boolean) =>
      ({ caseRef: e.caseRef, missProbability, atRisk }) as Parameters<typeof alertsFor>[2];
    expect(alertsFor(e, RULES, forecast(0.4, false)).map((a) => a.kind)).not.toContain('at_risk');
    expect(alertsFor(e, RULES).map((a) => a.kind)).not.toContain('at_risk');
    const risky = alertsFor(e, RULES, forecast(0.7, true)).find((a) => a.kind === 'at_risk');
    expect(risky).toEqual({
      kind: 'at_risk',
      milestoneKey: 'final_plan',
      dueOn: '2026-05-25',
      audience: { to: 'caseworker' },
      dedupeKey: `${e.caseRef}|final_plan|at_risk|2026-05-25`,
    });
    // Another case's forecast never raises it.
    expect(alertsFor(e, RULES, { ...forecast(0.7, true)!, caseRef: 'other' }).map((a) => a.kind)).not.toContain('at_risk');
  });
});
