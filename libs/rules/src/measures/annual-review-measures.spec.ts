import type { Step } from '../casebook';
import { RULES } from '../testing/rules-fixture';
import { evaluateSteps } from '../testing/evaluate-steps';
import { measure } from './accumulator';
import { AnnualReviewAccumulator, annualReviewsFromCounts } from './annual-review-measures';

const plan = (issued: string, extra: Record<string, unknown> = {}): Step => ['plan_active', issued, { planIssuedOn: issued, ...extra }];
const asOf = '2027-06-30';
const period = { from: '2026-01-01', to: '2026-12-31' };

const cases = [
  // meeting on time, decision on time, amended plan 11 weeks after the meeting (late against the notice)
  evaluateSteps(
    'annual_review',
    [
      plan('2025-03-10'),
      ['review_meeting_held', '2026-03-01'],
      ['review_decision', '2026-03-20', { outcome: 'amend' }],
      ['amendment_notice_issued', '2026-03-20'],
      ['amended_plan_issued', '2026-05-17'],
    ],
    asOf,
  ),
  // meeting late, decision late, amended plan 13 weeks after the meeting
  evaluateSteps(
    'annual_review',
    [
      plan('2025-03-10'),
      ['review_meeting_held', '2026-04-01'],
      ['review_decision', '2026-05-01', { outcome: 'amend' }],
      ['amended_plan_issued', '2026-07-01'],
    ],
    asOf,
  ),
  // Review completed (reg 20(10) decision) against the 12-month review date, 10 March 2026 (Code 9.169):
  // on the day, a day after, a day before; each meeting on time and each decision within 4 weeks of it.
  ...['2026-03-10', '2026-03-11', '2026-03-09'].map((decided) =>
    evaluateSteps(
      'annual_review',
      [plan('2025-03-10'), ['review_meeting_held', '2026-02-20'], ['review_decision', decided, { outcome: 'maintain' }]],
      asOf,
    ),
  ),
  // Under 5: a meeting 8 months after the plan is on time by law (s44(1)), whatever the local reminder said.
  evaluateSteps(
    'annual_review',
    [
      plan('2025-05-10', { birthDate: '2023-01-01' }),
      ['review_meeting_held', '2026-01-15'],
      ['review_decision', '2026-01-20', { outcome: 'maintain' }],
    ],
    asOf,
  ),
  // phase transfers due in 2026: one met, one missed, one never done
  evaluateSteps(
    'annual_review',
    [plan('2025-06-01', { phaseTransfer: { year: 2026, kind: 'school' } }), ['amended_plan_issued', '2026-02-01']],
    asOf,
  ),
  evaluateSteps(
    'annual_review',
    [plan('2025-06-01', { phaseTransfer: { year: 2026, kind: 'post16' } }), ['amended_plan_issued', '2026-04-02']],
    asOf,
  ),
  evaluateSteps('annual_review', [plan('2025-06-01', { phaseTransfer: { year: 2026, kind: 'post16' } })], asOf),
  // a transfer due in 2027 is outside the period
  evaluateSteps('annual_review', [plan('2025-06-01', { phaseTransfer: { year: 2027, kind: 'school' } })], asOf),
];

describe('annual review measures', () => {
  const r = measure(cases, new AnnualReviewAccumulator(period, RULES));

  it('counts meetings within 12 months and decisions within 4 weeks', () => {
    expect(r.meetingsOnTime).toEqual({ count: 5, of: 6, percent: 83.3 });
    expect(r.decisionsWithin4Weeks).toEqual({ count: 5, of: 6, percent: 83.3 });
  });

  it('counts a review completed when its decision is made on or before the 12-month review date (reg 20(10), Code 9.169)', () => {
    // Case 0: meeting on time (1 March) but decided on 20 March, after 10 March: the meeting counts, the review does not.
    // Case 1: late meeting and decision. Cases 2-4: decided on 10, 11 and 9 March. Case 5: the under-5 plan.
    expect(r.reviewsCompletedWithin12Months).toEqual({ count: 3, of: 6, percent: 50 });
    expect(cases[2].milestones.find((m) => m.key === 'review_meeting.1')?.dueOn).toBe('2026-03-10');
  });

  it('never counts an under-5 local-policy reminder: the review 8 months after the plan is on time by law', () => {
    const under5 = cases[5];
    expect(under5.localReminders.map((x) => [x.key, x.state])).toEqual([
      ['under_five_review.1', 'held_after'],
      ['under_five_review.2', 'past_interval'],
    ]);
    expect(under5.milestones.find((m) => m.key === 'review_meeting.1')).toMatchObject({ dueOn: '2026-05-10', state: 'met' });
  });

  it('measures amended plans against 12 weeks from the meeting, not the notice date', () => {
    // 8 weeks from the 20 March notice was 15 May: the milestone is missed, yet within 12 weeks of the meeting.
    expect(cases[0].milestones.find((m) => m.key === 'amended_plan.1')).toMatchObject({ dueOn: '2026-05-15', state: 'missed' });
    expect(r.amendedWithin12Weeks).toEqual({ count: 1, of: 2, percent: 50 });
  });

  it('counts phase transfers due in the period by state', () => {
    expect(r.phaseTransfersOnTime).toEqual({ count: 1, of: 3, percent: 33.3 });
    expect(r.phaseTransfersByState).toEqual({ met: 1, missed: 1, overdue: 1, pending: 0, exempt: 0 });
  });
});

describe('annual review measures from counts (what the report SQL returns)', () => {
  it('gives shares of each count, and phase transfers met out of all due in any state', () => {
    const r = annualReviewsFromCounts({
      meetings: { hit: 2, all: 3 },
      completed: { hit: 1, all: 4 },
      decisions: { hit: 0, all: 0 },
      amended: { hit: 1, all: 8 },
      phaseTransfers: { met: 3, overdue: 1 },
    });
    expect(r.meetingsOnTime).toEqual({ count: 2, of: 3, percent: 66.7 });
    expect(r.reviewsCompletedWithin12Months).toEqual({ count: 1, of: 4, percent: 25 });
    expect(r.decisionsWithin4Weeks.percent).toBeNull();
    expect(r.amendedWithin12Weeks.percent).toBe(12.5);
    expect(r.phaseTransfersOnTime).toEqual({ count: 3, of: 4, percent: 75 });
    expect(r.phaseTransfersByState).toEqual({ met: 3, missed: 0, pending: 0, overdue: 1, exempt: 0 });
  });
});
