// SEN support (school-reported): the assess-plan-do-review cycle, a review due within a term
// (senSupport.reviewIntervalWeeks, 16 weeks: SEND Code of Practice 6.44-6.56 and 6.65, local policy,
// so an internal target). Support started Monday 2025-09-08: 16 weeks end Monday 2025-12-29.
import type { WorkedCase } from './worked-case';

const START: WorkedCase['steps'][number] = ['support_started', '2025-09-08', { schoolUrn: '900001', needCode: 'SLCN', ncYear: 3 }];
const COP = 'SEND Code of Practice 2015, 6.65 (read as one review a term: senSupport.reviewIntervalWeeks)';

export const SEN_SUPPORT_CASES: WorkedCase[] = [
  {
    name: 'SEN support reviewed on the day 16 weeks end: met, the next review due 16 weeks later',
    pathway: 'sen_support',
    asOf: '2026-01-05',
    steps: [START, ['support_reviewed', '2025-12-29']],
    status: 'open',
    milestones: [
      ['support_review.1', '2025-12-29', '2025-12-29', 'met'],
      ['support_review.2', '2026-04-20', null, 'pending'],
    ],
    senSupport: { schoolUrn: '900001', ncYear: 3, lastReviewedOn: '2025-12-29', endedOn: null },
    alerts: [],
    cites: COP,
  },
  {
    name: 'SEN support reviewed a day before 16 weeks end: met',
    pathway: 'sen_support',
    asOf: '2026-01-05',
    steps: [START, ['support_reviewed', '2025-12-28']],
    status: 'open',
    milestones: [
      ['support_review.1', '2025-12-29', '2025-12-28', 'met'],
      ['support_review.2', '2026-04-19', null, 'pending'],
    ],
    cites: COP,
  },
  {
    name: 'SEN support reviewed a day after 16 weeks: missed, and the next clock runs from that review',
    pathway: 'sen_support',
    asOf: '2026-01-05',
    steps: [START, ['support_reviewed', '2025-12-30']],
    status: 'open',
    milestones: [
      ['support_review.1', '2025-12-29', '2025-12-30', 'missed'],
      ['support_review.2', '2026-04-21', null, 'pending'],
    ],
    cites: COP,
  },
  {
    name: 'SEN support not reviewed, as of exactly 16 weeks: still pending',
    pathway: 'sen_support',
    asOf: '2025-12-29',
    steps: [START],
    status: 'open',
    milestones: [['support_review.1', '2025-12-29', null, 'pending']],
    senSupport: { lastReviewedOn: null, needs: [{ from: '2025-09-08', needCode: 'SLCN' }] },
    // Held by the school: no LA caseworker is alerted, leaders see it in aggregate.
    alerts: [],
    cites: COP,
  },
  {
    name: 'SEN support not reviewed, a day past 16 weeks: review overdue (no alert: the school holds it)',
    pathway: 'sen_support',
    asOf: '2025-12-30',
    steps: [START],
    status: 'open',
    milestones: [['support_review.1', '2025-12-29', null, 'overdue']],
    alerts: [],
    cites: COP,
  },
  {
    name: 'SEN support: need changed, then ended at an EHC request; the review never held after it is dropped',
    pathway: 'sen_support',
    asOf: '2026-03-09',
    steps: [
      ['support_started', '2025-09-08', { schoolUrn: '900001', needCode: 'MLD' }],
      ['support_reviewed', '2025-11-10'],
      ['need_changed', '2025-12-01', { needCode: 'SEMH' }],
      ['support_ended', '2026-02-02', { reason: 'ehc_request' }],
    ],
    status: 'closed',
    outcome: 'support_ended',
    milestones: [['support_review.1', '2025-12-29', '2025-11-10', 'met']],
    senSupport: {
      needs: [
        { from: '2025-09-08', needCode: 'MLD' },
        { from: '2025-12-01', needCode: 'SEMH' },
      ],
      ncYear: null,
      endedOn: '2026-02-02',
      endReason: 'ehc_request',
    },
  },
  {
    name: 'SEN support ended as "not in return", corrected by a retract: open again with its review overdue',
    pathway: 'sen_support',
    asOf: '2026-02-02',
    steps: [START, ['support_ended', '2026-01-10', { reason: 'not_in_return' }], ['retract', '2026-01-15', { retracts: 2 }]],
    status: 'open',
    milestones: [['support_review.1', '2025-12-29', null, 'overdue']],
    senSupport: { endedOn: null, endReason: null },
  },
];
