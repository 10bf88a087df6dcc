import { evaluateSteps } from '../testing/evaluate-steps';
import { RULES } from '../testing/rules-fixture';
import { attentionFor } from './attention';

describe('attentionFor', () => {
  it('lists overdue steps, steps due within alerts.dueSoonDays, and escalations', () => {
    // Request 2026-01-05: decision due 02-16, draft 04-27, final 05-25; advice asked 03-16 due 04-27.
    const e = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['advice_requested', '2026-03-16', { service: 'ep' }],
      ],
      '2026-04-20',
    );
    const a = attentionFor(e, RULES);
    expect(a.overdue.map((m) => m.key)).toEqual(['decision_to_assess']);
    expect(a.escalate.map((m) => m.key)).toEqual(['decision_to_assess']); // 63 days overdue >= 14
    expect(a.dueSoon.map((m) => m.key).sort()).toEqual(['advice.ep', 'draft_plan']); // 7 days ahead, inclusive
  });

  it('does not escalate a step overdue for less than the escalation period, nor an exempt one', () => {
    const fresh = evaluateSteps('ehc_assessment', [['request_received', '2026-01-05']], '2026-02-20');
    expect(attentionFor(fresh, RULES)).toMatchObject({ escalate: [], overdue: [{ key: 'decision_to_assess' }] });
    const exempt = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['exception', '2026-01-10', { reason: 'absent_from_area' }],
      ],
      '2026-04-01',
    );
    const a = attentionFor(exempt, RULES);
    expect(a.overdue.map((m) => m.state)).toEqual(['exempt']);
    expect(a.escalate).toEqual([]);
  });

  it('has nothing for a closed case', () => {
    const closed = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['withdrawn', '2026-01-06'],
      ],
      '2026-04-01',
    );
    expect(attentionFor(closed, RULES)).toEqual({ overdue: [], dueSoon: [], escalate: [], targetsPassed: [] });
  });

  it('lists a draft past its internal target apart: never overdue, never escalated', () => {
    // Draft due 2026-04-27 (16 weeks, internal target); 30 days later the final plan is not yet due.
    const e = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['decision_to_assess', '2026-02-01', { outcome: 'assess' }],
      ],
      '2026-05-20',
    );
    const a = attentionFor(e, RULES);
    expect(a.targetsPassed.map((m) => m.key)).toEqual(['draft_plan']);
    expect(a.overdue).toEqual([]);
    expect(a.escalate).toEqual([]);
    expect(a.dueSoon.map((m) => m.key)).toEqual(['final_plan']);
  });
});
