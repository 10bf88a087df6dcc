import { RULES } from '@app/rules/testing';
import { targetView } from './target-view';

const slt = {
  pathway: 'slt',
  measure: 'waiting_within_target_pct',
  threshold: 92,
  comparator: 'gte' as const,
  deadline: '2027-03-31',
  asOf: '2026-11-30',
  trajectory: [
    { on: '2026-09-30', value: 75 },
    { on: '2026-12-31', value: 84 },
    { on: '2027-03-31', value: 92 },
  ],
};

describe('targetView: a target in words', () => {
  it('names the target and its measure with the unit, never the stored code', () => {
    const v = targetView({ ...slt, expected: 81.1, actual: 73.2, status: 'red' }, RULES);
    expect(v.title).toBe('Speech and language therapy: at least 92% of children waiting under 18 weeks');
    expect(v.measure).toBe('% of children waiting under 18 weeks');
    expect(v.goal).toBe('At least 92% by 31 Mar 2027');
    expect(v.today).toBe('73.2%');
    expect(v.expected).toBe('81.1%');
    expect(v.trajectory).toBe(
      'From 75% on 30 Sep 2026, through 84% on 31 Dec 2026, to 92% by 31 Mar 2027, in a straight line between these.',
    );
    // 5% of 81.1 is 4.055 points
    expect(v.amber).toBe('Amber: up to 5% short of the trajectory; red: further off. Today that is 4.1 percentage points.');
    expect(v.verdict).toBe('Off track by 7.9 percentage points.');
    expect(v.tag).toEqual({ text: 'Red', colour: 'red' });
    expect(v.rows.map((r) => r.key.text)).toEqual([
      'Measure',
      'Goal',
      'Figure on 30 Nov 2026',
      'Trajectory',
      'The trajectory asks for now',
      'Tolerance',
      'Verdict',
    ]);
    expect(v.rows[6].value.text).toBe('Red. Off track by 7.9 percentage points.');
  });

  it('says a count target runs from where the LA stood to none, and how far off it is in children', () => {
    const over = {
      pathway: 'neurodevelopmental',
      measure: 'waiting_over_max_count',
      threshold: 0,
      deadline: '2027-03-31',
      trajectory: [
        { on: '2026-11-30', value: 14 },
        { on: '2027-03-31', value: 0 },
      ],
    };
    const red = targetView({ ...over, expected: 12, actual: 15, status: 'red' }, RULES);
    expect(red.title).toBe('Neurodevelopmental (autism/ADHD): no children waiting 52 weeks or more');
    expect(red.measure).toBe('children waiting 52 weeks or more');
    expect(red.goal).toBe('None by 31 Mar 2027');
    expect(red.trajectory).toBe('From 14 children on 30 Nov 2026 to 0 children by 31 Mar 2027, in a straight line between these.');
    expect(red.verdict).toBe('Off track by 3 children.');
    expect(red.amber).toBe(
      'Amber: up to 5% above the trajectory; red: further off. ' +
        'Today that is less than one child, so any child above the trajectory is red.',
    );
    const amber = targetView({ ...over, expected: 30, actual: 31, status: 'amber' }, RULES);
    expect(amber.verdict).toBe("Off track by 1 child, within amber's tolerance.");
    expect(amber.amber).toContain('Today that is 1.5 children.');
    expect(targetView({ ...over, expected: 12, actual: 10, status: 'green' }, RULES).verdict).toBe(
      'On track: 2 children better than the trajectory.',
    );
    expect(targetView({ ...over, expected: 12, actual: 12, status: 'green' }, RULES).verdict).toBe('On track.');
  });

  it('leaves an unmeasured target unjudged and says when the deadline has passed', () => {
    const none = targetView({ ...slt, expected: 81, actual: null, status: null }, RULES);
    expect([none.today, none.verdict, none.tag.text]).toEqual(['No figure yet', 'No figure yet, so not judged.', 'No figure']);
    const late = targetView({ ...slt, asOf: '2027-04-02', expected: 92, actual: 90, status: 'amber' }, RULES);
    expect(late.verdict).toBe("The deadline has passed. Off track by 2 percentage points, within amber's tolerance.");
  });

  it('works from the weekly summary’s figures too (no comparator, deadline or line)', () => {
    const v = targetView(
      { pathway: 'ehc_assessment', measure: 'final_within_20_weeks_ex_pct', threshold: 100, expected: 70, actual: 75, status: 'green' },
      RULES,
    );
    expect(v.title).toBe(
      'EHC needs assessment: at least 100% of final plans issued within 20 weeks of the request, leaving out those with an exception',
    );
    expect(v.goal).toBe('At least 100%');
    expect(v.trajectory).toBeNull();
    expect(v.rows.map((r) => r.key.text)).not.toContain('Trajectory');
    expect(v.verdict).toBe('On track: 5 percentage points better than the trajectory.');
  });
});
