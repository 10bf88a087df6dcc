// The under-5 local-policy reminder (Code of Practice 9.178) never reaches the statutory machinery:
// no overdue milestone, no alert, no escalation; the 12-month review (CFA 2014 s44(1)) still does.
import { eventsOf, type Step } from '../casebook/worked-case';
import { parseRulesTable } from '../table';
import { evaluateSteps } from '../testing/evaluate-steps';
import { readRulesJson, RULES } from '../testing/rules-fixture';
import { alertsFor } from './alerts';
import { attentionFor } from './attention';
import { evaluateCase } from './evaluate-case';

const under5: Step = ['plan_active', '2025-01-15', { planIssuedOn: '2025-01-15', birthDate: '2023-06-01' }];

describe('under-5 reviews: a local-policy reminder, never a statutory breach', () => {
  it('raises no alert, no overdue step and no escalation a month past the local interval', () => {
    const e = evaluateSteps('annual_review', [under5], '2025-08-20');
    expect(e.localReminders).toEqual([
      expect.objectContaining({ key: 'under_five_review.1', basis: 'local_policy', dueOn: '2025-07-15', state: 'past_interval' }),
    ]);
    expect(e.milestones.map((m) => [m.key, m.dueOn, m.state])).toEqual([['review_meeting.1', '2026-01-15', 'pending']]);
    expect(alertsFor(e, RULES)).toEqual([]);
    expect(attentionFor(e, RULES)).toEqual({ overdue: [], dueSoon: [], escalate: [], targetsPassed: [] });
  });

  it('alerts and escalates once the statutory 12 months have passed', () => {
    const e = evaluateSteps('annual_review', [under5], '2026-02-20');
    expect(alertsFor(e, RULES).map((a) => `${a.milestoneKey}:${a.kind}`)).toEqual(['review_meeting.1:review_overdue']);
    expect(attentionFor(e, RULES).escalate.map((m) => m.key)).toEqual(['review_meeting.1']);
  });

  it('gives no reminder when the local interval is set to 12 months or more (the table is local policy)', () => {
    const json = readRulesJson();
    json.annualReview.underFiveIntervalMonths.value = 12;
    const events = eventsOf(
      { name: 'L', pathway: 'annual_review', asOf: '2025-08-20', steps: [under5], status: 'open', milestones: [] },
      'L-1',
    );
    const e = evaluateCase(events, '2025-08-20', parseRulesTable(json));
    expect(e.localReminders).toEqual([]);
    expect(e.milestones.map((m) => m.dueOn)).toEqual(['2026-01-15']);
  });

  it('gives no reminder from the day the child is 5, nor on other pathways', () => {
    const five: Step = ['plan_active', '2028-06-01', { planIssuedOn: '2028-06-01', birthDate: '2023-06-01' }];
    expect(evaluateSteps('annual_review', [five], '2028-12-15').localReminders).toEqual([]);
    expect(evaluateSteps('ehc_assessment', [['request_received', '2026-01-05']], '2026-02-01').localReminders).toEqual([]);
  });
});
