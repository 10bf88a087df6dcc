// Alternative provision placements: a review every 6 weeks (alternativeProvision.reviewWeeks), a
// placement unreviewed past 12 weeks reported apart (longWithoutReviewWeeks), and timetables under
// 25 hours a week flagged part-time (fullTimeHours). All local policy under Education Act 1996 s19,
// so the review is an internal target; overdue, it alerts the caseworker holding the placement.
// Placement started Monday 2026-01-05: 6 weeks end 2026-02-16, 12 weeks end 2026-03-30.
import type { WorkedCase } from './worked-case';

const terms = (hoursPerWeek: number) => ({ providerUrn: '900101', hoursPerWeek, reason: 'permanent_exclusion', commissionedBy: 'la' });
const START: WorkedCase['steps'][number] = ['placement_started', '2026-01-05', terms(25)];
const AP = 'Education Act 1996 s19; Alternative provision statutory guidance (DfE 2013); local policy in the rules table';

export const ALTERNATIVE_PROVISION_CASES: WorkedCase[] = [
  {
    name: 'AP placement reviewed on the day 6 weeks end: met; 25 hours is full time',
    pathway: 'alternative_provision',
    asOf: '2026-02-20',
    steps: [START, ['placement_reviewed', '2026-02-16']],
    status: 'open',
    milestones: [
      ['placement_review.1', '2026-02-16', '2026-02-16', 'met'],
      ['placement_review.2', '2026-03-30', null, 'pending'],
    ],
    placement: { partTime: false, hoursPerWeek: 25, daysWithoutReview: 4, daysInPlacement: 46, unreviewedPastReview: false },
    alerts: [],
    cites: AP,
  },
  {
    name: 'AP placement reviewed a day after 6 weeks: missed',
    pathway: 'alternative_provision',
    asOf: '2026-02-20',
    steps: [START, ['placement_reviewed', '2026-02-17']],
    status: 'open',
    milestones: [
      ['placement_review.1', '2026-02-16', '2026-02-17', 'missed'],
      ['placement_review.2', '2026-03-31', null, 'pending'],
    ],
    cites: AP,
  },
  {
    name: 'AP part-time timetable (24.5 hours), not reviewed, as of exactly 6 weeks: pending, due this week',
    pathway: 'alternative_provision',
    asOf: '2026-02-16',
    steps: [['placement_started', '2026-01-05', terms(24.5)]],
    status: 'open',
    milestones: [['placement_review.1', '2026-02-16', null, 'pending']],
    placement: { partTime: true, daysWithoutReview: 42, unreviewedPastReview: false, unreviewedPastLong: false },
    alerts: ['target_due_soon'],
    cites: AP,
  },
  {
    name: 'AP placement a day past 6 weeks without review: overdue, alerted to its caseworker',
    pathway: 'alternative_provision',
    asOf: '2026-02-17',
    steps: [START],
    status: 'open',
    milestones: [['placement_review.1', '2026-02-16', null, 'overdue']],
    placement: { partTime: false, daysWithoutReview: 43, unreviewedPastReview: true, unreviewedPastLong: false },
    alerts: ['ap_review_overdue'],
    cites: AP,
  },
  {
    name: 'AP placement exactly 12 weeks without review: still the 6-week alert',
    pathway: 'alternative_provision',
    asOf: '2026-03-30',
    steps: [START],
    status: 'open',
    milestones: [['placement_review.1', '2026-02-16', null, 'overdue']],
    placement: { daysWithoutReview: 84, unreviewedPastReview: true, unreviewedPastLong: false },
    alerts: ['ap_review_overdue'],
    cites: AP,
  },
  {
    name: 'AP placement a day past 12 weeks without review: the long alert',
    pathway: 'alternative_provision',
    asOf: '2026-03-31',
    steps: [START],
    status: 'open',
    milestones: [['placement_review.1', '2026-02-16', null, 'overdue']],
    placement: { daysWithoutReview: 85, unreviewedPastReview: true, unreviewedPastLong: true },
    alerts: ['ap_unreviewed_long'],
    cites: AP,
  },
  {
    name: 'AP placement by kind (tuition), reviewed, then ended on return to school',
    pathway: 'alternative_provision',
    asOf: '2026-04-01',
    steps: [
      ['placement_started', '2026-01-05', { providerKind: 'tuition', hoursPerWeek: 10, reason: 'health_needs', commissionedBy: 'la' }],
      ['placement_reviewed', '2026-02-10'],
      ['placement_ended', '2026-03-02', { reason: 'returned_to_school' }],
    ],
    status: 'closed',
    outcome: 'placement_ended',
    milestones: [['placement_review.1', '2026-02-16', '2026-02-10', 'met']],
    placement: {
      providerUrn: null,
      providerKind: 'tuition',
      partTime: true,
      daysInPlacement: 56,
      endReason: 'returned_to_school',
      unreviewedPastReview: false,
    },
    alerts: [],
  },
];
