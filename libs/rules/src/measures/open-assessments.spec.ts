import type { Step } from '../casebook';
import { RULES } from '../testing/rules-fixture';
import { evaluateSteps } from '../testing/evaluate-steps';
import { measure } from './accumulator';
import { OpenAssessmentsAccumulator, openAssessmentsFromCounts } from './open-assessments';

const asOf = '2026-06-01';
const req = (d: string): Step => ['request_received', d];

describe('open assessments', () => {
  const cases = [
    evaluateSteps('ehc_assessment', [req('2026-05-20')], asOf), // 1 week old, nothing due soon (decision 07-01)
    evaluateSteps('ehc_assessment', [req('2026-04-27')], asOf), // 5 weeks old, decision due 06-08: due soon
    // 21 weeks: final overdue
    evaluateSteps('ehc_assessment', [req('2026-01-05'), ['decision_to_assess', '2026-02-10', { outcome: 'assess' }]], asOf),
    evaluateSteps(
      'ehc_assessment',
      [req('2026-01-26'), ['decision_to_assess', '2026-02-10', { outcome: 'assess' }], ['draft_plan_issued', '2026-05-11']],
      asOf,
    ), // 18 weeks: final due 06-15 (soon)
    // 65 weeks, exempt: away from the second week, so 4 weeks of it fall within each step's period
    evaluateSteps('ehc_assessment', [req('2025-03-03'), ['exception', '2025-03-10', { reason: 'absent_from_area' }]], asOf),
    evaluateSteps('ehc_assessment', [req('2026-01-05'), ['final_plan_issued', '2026-05-01']], asOf), // closed: not open
    evaluateSteps('slt', [['referral_received', '2026-01-05']], asOf), // another pathway
  ];
  const o = measure(cases, new OpenAssessmentsAccumulator(RULES));

  it('counts open, overdue, due soon and excepted cases', () => {
    expect(o.open).toBe(5);
    expect(o.overdue).toBe(1);
    expect(o.finalPlanOverdue).toBe(1);
    expect(o.dueSoon).toBe(2);
    expect(o.withException).toBe(1);
  });

  it('never counts a draft past its 16-week internal target as overdue', () => {
    // Request 2026-01-26, decision on time: draft target 05-18 passed, final due 06-15 (pending, soon).
    const draftLate = evaluateSteps(
      'ehc_assessment',
      [req('2026-01-26'), ['decision_to_assess', '2026-02-10', { outcome: 'assess' }]],
      asOf,
    );
    expect(draftLate.milestones.find((m) => m.key === 'draft_plan')).toMatchObject({ state: 'overdue', statutory: false });
    const r = measure([draftLate], new OpenAssessmentsAccumulator(RULES));
    expect(r).toMatchObject({ open: 1, overdue: 0, finalPlanOverdue: 0, dueSoon: 1 });
  });

  it('bands open cases by completed weeks since the request', () => {
    expect(o.ageBands).toEqual({ '0-6': 2, '6-12': 0, '12-16': 0, '16-20': 1, '20-52': 1, '52+': 1 });
  });
});

describe('open assessments from counts (what the report SQL returns)', () => {
  it('passes the counts through and bands the ages in completed weeks', () => {
    const counts = { open: 5, overdue: 1, finalPlanOverdue: 1, dueSoon: 2, withException: 1 };
    const r = openAssessmentsFromCounts({ ...counts, ageWeeks: JSON.parse('{"1": 1, "5": 1, "18": 1, "21": 1, "65": 1}') }, RULES);
    expect(r).toEqual({ ...counts, ageBands: { '0-6': 2, '6-12': 0, '12-16': 0, '16-20': 1, '20-52': 1, '52+': 1 } });
    expect(openAssessmentsFromCounts({ ...counts, ageWeeks: { 6: 2, 52: 1 } }, RULES).ageBands).toMatchObject({
      '0-6': 0,
      '6-12': 2,
      '52+': 1,
    });
  });
});
