// Reassessment (request_received.reassessment): decision within 15 days (reg 25(1)),
// final plan within 14 weeks of that decision (reg 27(2)). Request 2026-03-02: decision due 2026-03-17.
import type { WorkedCase } from './worked-case';

const req = ['request_received', '2026-03-02', { reassessment: true }] as WorkedCase['steps'][number];
const assess = (date: string) => ['decision_to_assess', date, { outcome: 'assess' }] as WorkedCase['steps'][number];

export const REASSESSMENT_CASES: WorkedCase[] = [
  {
    name: 'reassessment on time',
    pathway: 'ehc_assessment',
    asOf: '2026-07-01',
    steps: [
      req,
      assess('2026-03-16'),
      ['advice_requested', '2026-03-16', { service: 'ep' }],
      ['advice_received', '2026-04-20', { service: 'ep' }],
      ['final_plan_issued', '2026-06-15'],
    ],
    status: 'closed',
    outcome: 'plan_issued',
    milestones: [
      ['reassessment_decision', '2026-03-17', '2026-03-16', 'met'],
      ['advice.ep', '2026-04-27', '2026-04-20', 'met'],
      ['reassessment_final_plan', '2026-06-22', '2026-06-15', 'met'],
    ],
  },
  {
    name: 'reassessment decision late: the 14 weeks run from the actual decision',
    pathway: 'ehc_assessment',
    asOf: '2026-05-01',
    steps: [req, assess('2026-03-20')],
    status: 'open',
    milestones: [
      ['reassessment_decision', '2026-03-17', '2026-03-20', 'missed'],
      ['reassessment_final_plan', '2026-06-26', null, 'pending'],
    ],
  },
  {
    name: 'reassessment decision overdue: no plan clock yet',
    pathway: 'ehc_assessment',
    asOf: '2026-03-18',
    steps: [req],
    status: 'open',
    milestones: [['reassessment_decision', '2026-03-17', null, 'overdue']],
  },
  {
    name: 'refusal to reassess ends it',
    pathway: 'ehc_assessment',
    asOf: '2026-12-01',
    steps: [req, ['decision_to_assess', '2026-03-10', { outcome: 'refuse' }]],
    status: 'closed',
    outcome: 'refused',
    milestones: [['reassessment_decision', '2026-03-17', '2026-03-10', 'met']],
  },
  {
    name: 'circumstances lift the 14-week limit (reg 27(3)) but never the 15-day decision (reg 25 has no exception)',
    pathway: 'ehc_assessment',
    asOf: '2026-07-01',
    steps: [
      req,
      ['exception', '2026-03-03', { reason: 'exceptional_personal_circumstances', until: '2026-03-31' }],
      assess('2026-03-25'),
      ['final_plan_issued', '2026-06-20'],
    ],
    status: 'closed',
    outcome: 'plan_issued',
    milestones: [
      ['reassessment_decision', '2026-03-17', '2026-03-25', 'missed'],
      ['reassessment_final_plan', '2026-07-01', '2026-06-20', 'exempt', 'exceptional_personal_circumstances'],
    ],
  },
  {
    name: 'after reassessing, a notice that no new plan follows completes it',
    pathway: 'ehc_assessment',
    asOf: '2026-07-01',
    steps: [req, assess('2026-03-16'), ['decision_to_issue', '2026-05-01', { outcome: 'not_issue' }]],
    status: 'closed',
    outcome: 'not_issue',
    milestones: [
      ['reassessment_decision', '2026-03-17', '2026-03-16', 'met'],
      ['reassessment_final_plan', '2026-06-22', '2026-05-01', 'met'],
    ],
  },
];
