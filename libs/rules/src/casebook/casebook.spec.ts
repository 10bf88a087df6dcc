import { EXCEPTION_REASONS } from '../contract';
import { alertsFor, evaluateCase, INTERNAL_TARGET_KINDS, MILESTONE_KINDS, REPORTED_EXCEPTION, type CaseEvaluation } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { CASEBOOK, eventsOf, type ExpectedMilestone, type WorkedCase } from '.';

const caseRefOf = (i: number) => `CB-${String(i + 1).padStart(3, '0')}`;

function observed(e: CaseEvaluation): ExpectedMilestone[] {
  return e.milestones
    .map((m): ExpectedMilestone =>
      m.exceptionReason ? [m.key, m.dueOn, m.doneOn, m.state, m.exceptionReason] : [m.key, m.dueOn, m.doneOn, m.state],
    )
    .sort((a, b) => a[0].localeCompare(b[0]));
}

const sortedExpected = (c: WorkedCase) => [...c.milestones].sort((a, b) => a[0].localeCompare(b[0]));

describe('casebook', () => {
  it('holds at least 60 worked cases with unique names', () => {
    expect(CASEBOOK.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASEBOOK.map((c) => c.name)).size).toBe(CASEBOOK.length);
  });

  describe.each(CASEBOOK.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const events = eventsOf(c, caseRefOf(i));
    const result = evaluateCase(events, c.asOf, RULES);

    it('gives the expected milestones', () => {
      expect(observed(result)).toEqual(sortedExpected(c));
    });

    it('gives the expected status', () => {
      expect(result.status).toBe(c.status);
      if (c.outcome !== undefined) expect(result.outcome).toBe(c.outcome);
      if (c.status === 'open') expect(result.outcome).toBeNull();
      expect(result.ignoredExceptions).toHaveLength(c.ignoredExceptions ?? 0);
      if (c.wait) expect(result.wait).toMatchObject(c.wait);
      if (c.senSupport) expect(result.senSupport).toMatchObject(c.senSupport);
      if (c.placement) expect(result.placement).toMatchObject(c.placement);
      if (c.alerts) expect(alertsFor(result, RULES).map((a) => a.kind)).toEqual(c.alerts);
      expect(result.concerns.map((x) => x.milestoneKey)).toEqual(c.concerns ?? []);
    });

    it('marks internal targets, and only them, as not statutory', () => {
      for (const m of result.milestones) expect([m.key, m.statutory]).toEqual([m.key, !INTERNAL_TARGET_KINDS.includes(m.kind)]);
    });

    it('gives the expected local-policy reminders', () => {
      expect(result.localReminders.map((r) => [r.key, r.dueOn, r.doneOn, r.state])).toEqual(c.reminders ?? []);
    });

    it('gives the same answer whatever the order of the events', () => {
      const reversed = evaluateCase([...events].reverse(), c.asOf, RULES);
      expect(reversed).toEqual(result);
    });
  });

  it('covers every milestone kind, every state, every exception reason and every ending', () => {
    const results = CASEBOOK.map((c, i) => evaluateCase(eventsOf(c, caseRefOf(i)), c.asOf, RULES));
    const milestones = results.flatMap((r) => r.milestones);
    expect(new Set(milestones.map((m) => m.kind))).toEqual(new Set(MILESTONE_KINDS));
    expect(new Set(milestones.map((m) => m.state))).toEqual(new Set(['met', 'missed', 'pending', 'overdue', 'exempt']));
    expect(new Set(milestones.map((m) => m.exceptionReason).filter(Boolean))).toEqual(new Set([...EXCEPTION_REASONS, REPORTED_EXCEPTION]));
    const outcomes = new Set(results.map((r) => r.outcome).filter(Boolean));
    for (const o of [
      'refused',
      'not_issue',
      'plan_issued',
      'withdrawn',
      'transferred_out',
      'plan_ceased',
      'first_contact',
      'assessment_started',
      'discharged',
      'referral_closed',
      'support_ended',
      'placement_ended',
    ]) {
      expect(outcomes).toContain(o);
    }
    expect(CASEBOOK.some((c) => c.steps.some(([t]) => t === 'retract'))).toBe(true);
    expect(results.some((r) => (r.wait?.restarts ?? 0) > 0)).toBe(true);
  });
});
