// Retractions: corrections withdraw an event of the same case; retracts of retracts and of unknown ids do nothing.
import type { WorkedCase } from './worked-case';

const req = ['request_received', '2026-01-05'] as WorkedCase['steps'][number];

export const RETRACTION_CASES: WorkedCase[] = [
  {
    name: 'a refusal entered by mistake is retracted and replaced by a decision to assess',
    pathway: 'ehc_assessment',
    asOf: '2026-03-01',
    steps: [
      req,
      ['decision_to_assess', '2026-02-10', { outcome: 'refuse' }],
      ['retract', '2026-02-12', { retracts: 2 }],
      ['decision_to_assess', '2026-02-10', { outcome: 'assess' }],
    ],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', '2026-02-10', 'met'],
      ['draft_plan', '2026-04-27', null, 'pending'],
      ['final_plan', '2026-05-25', null, 'pending'],
    ],
  },
  {
    name: 'a final plan recorded on the wrong case is retracted: the plan is overdue again',
    pathway: 'ehc_assessment',
    asOf: '2026-06-01',
    steps: [
      req,
      ['decision_to_assess', '2026-02-10', { outcome: 'assess' }],
      ['final_plan_issued', '2026-05-18'],
      ['retract', '2026-05-19', { retracts: 3 }],
    ],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', '2026-02-10', 'met'],
      ['draft_plan', '2026-04-27', null, 'overdue'],
      ['final_plan', '2026-05-25', null, 'overdue'],
    ],
  },
  {
    name: 'a retract of a retract is ignored: the first retraction stands',
    pathway: 'ehc_assessment',
    asOf: '2026-06-01',
    steps: [
      req,
      ['decision_to_assess', '2026-02-10', { outcome: 'assess' }],
      ['final_plan_issued', '2026-05-18'],
      ['retract', '2026-05-19', { retracts: 3 }],
      ['retract', '2026-05-20', { retracts: 4 }],
    ],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', '2026-02-10', 'met'],
      ['draft_plan', '2026-04-27', null, 'overdue'],
      ['final_plan', '2026-05-25', null, 'overdue'],
    ],
  },
  {
    name: 'a retract naming an unknown event changes nothing',
    pathway: 'ehc_assessment',
    asOf: '2026-03-01',
    steps: [
      req,
      ['decision_to_assess', '2026-02-10', { outcome: 'assess' }],
      ['retract', '2026-02-12', { retractsEventId: 'MIS-UNKNOWN' }],
    ],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', '2026-02-10', 'met'],
      ['draft_plan', '2026-04-27', null, 'pending'],
      ['final_plan', '2026-05-25', null, 'pending'],
    ],
  },
  {
    name: 'a retracted withdrawal reopens the case with its breaches',
    pathway: 'ehc_assessment',
    asOf: '2026-06-01',
    steps: [
      req,
      ['decision_to_assess', '2026-02-10', { outcome: 'assess' }],
      ['withdrawn', '2026-03-10'],
      ['retract', '2026-03-12', { retracts: 3 }],
    ],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', '2026-02-10', 'met'],
      ['draft_plan', '2026-04-27', null, 'overdue'],
      ['final_plan', '2026-05-25', null, 'overdue'],
    ],
  },
  {
    name: 'a correction dated after the as-of date still corrects history',
    pathway: 'ehc_assessment',
    asOf: '2026-03-01',
    steps: [req, ['decision_to_assess', '2026-02-10', { outcome: 'refuse' }], ['retract', '2026-03-15', { retracts: 2 }]],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', null, 'overdue'],
      ['draft_plan', '2026-04-27', null, 'pending'],
      ['final_plan', '2026-05-25', null, 'pending'],
    ],
  },
  {
    name: 'a wrong decision date is corrected: retract, then the right event',
    pathway: 'ehc_assessment',
    asOf: '2026-03-01',
    steps: [
      req,
      ['decision_to_assess', '2026-02-20', { outcome: 'assess' }],
      ['retract', '2026-02-21', { retracts: 2 }],
      ['decision_to_assess', '2026-02-14', { outcome: 'assess' }],
    ],
    status: 'open',
    milestones: [
      ['decision_to_assess', '2026-02-16', '2026-02-14', 'met'],
      ['draft_plan', '2026-04-27', null, 'pending'],
      ['final_plan', '2026-05-25', null, 'pending'],
    ],
  },
];
