import { RULES } from '../testing/rules-fixture';
import { actualFor } from './target-actual';
import { amberTolerance, expectedAt, parseTarget, targetStatus, trajectoryPoints } from './target';

const nd = {
  name: 'ND assessment started within 13 weeks',
  pathway: 'neurodevelopmental',
  measure: 'waiting_median_weeks',
  threshold: 13,
  comparator: 'lte',
  deadline: '2027-03-31',
  trajectory: [
    { date: '2026-03-31', value: 40 },
    { date: '2026-09-30', value: 26 },
  ],
};

describe('targets', () => {
  it('refuses a target without a date', () => {
    const { deadline, ...undated } = nd;
    expect(deadline).toBeDefined();
    expect(() => parseTarget(undated)).toThrow('target.deadline is required: a target without a date is refused');
    expect(() => parseTarget({ ...nd, deadline: '' })).toThrow('target.deadline is required');
    expect(() => parseTarget({ ...nd, deadline: '2027-02-30' })).toThrow("target.deadline must be a date 'YYYY-MM-DD'");
  });

  it('names every other bad field', () => {
    expect(() => parseTarget({ ...nd, pathway: 'ehc' })).toThrow('target.pathway must be one of');
    expect(() => parseTarget({ ...nd, measure: 'vibes' })).toThrow('target.measure must be one of');
    expect(() => parseTarget({ ...nd, threshold: '13' })).toThrow('target.threshold must be a number');
    expect(() => parseTarget({ ...nd, comparator: '<' })).toThrow("target.comparator must be 'lte' or 'gte'");
    expect(() => parseTarget({ ...nd, trajectory: [{ date: '2027-04-01', value: 1 }] })).toThrow(
      'target.trajectory[0].date must be before the deadline',
    );
    expect(() => parseTarget({ ...nd, trajectory: [nd.trajectory[1], nd.trajectory[0]] })).toThrow(
      'target.trajectory[1].date must be after the previous point',
    );
    expect(() => parseTarget({ ...nd, trajectory: [{ date: '2026-01-01', value: 'x' }] })).toThrow(
      'target.trajectory[0].value must be a number',
    );
    expect(() => parseTarget(null)).toThrow('target must be an object');
  });

  it('interpolates the trajectory linearly by day, holding before the first point and after the deadline', () => {
    const t = parseTarget(nd);
    expect(t.interpolation).toBe('linear');
    expect(expectedAt(t, '2026-01-01')).toBe(40);
    expect(expectedAt(t, '2026-03-31')).toBe(40);
    expect(expectedAt(t, '2026-09-30')).toBe(26);
    // 2026-09-30 -> 2027-03-31 is 182 days; 91 days in: halfway from 26 to 13
    expect(expectedAt(t, '2026-12-30')).toBeCloseTo(19.5, 10);
    expect(expectedAt(t, '2027-03-31')).toBe(13);
    expect(expectedAt(t, '2028-01-01')).toBe(13);
  });

  it('steps when asked to', () => {
    const t = parseTarget({ ...nd, interpolation: 'step' });
    expect(expectedAt(t, '2026-06-30')).toBe(40);
    expect(expectedAt(t, '2026-12-30')).toBe(26);
    expect(expectedAt(t, '2027-03-31')).toBe(13);
  });

  it('rates red, amber and green against the point for the date (amber within 5% of it)', () => {
    const t = parseTarget(nd);
    expect(targetStatus(t, 26, '2026-09-30', RULES).status).toBe('green');
    expect(targetStatus(t, 27.3, '2026-09-30', RULES).status).toBe('amber'); // 26 * 1.05 = 27.3
    expect(targetStatus(t, 27.31, '2026-09-30', RULES).status).toBe('red');
    expect(targetStatus(t, 12, '2027-06-01', RULES)).toEqual({
      on: '2027-06-01',
      expected: 13,
      actual: 12,
      status: 'green',
      deadlinePassed: true,
    });
    expect(targetStatus(t, null, '2026-09-30', RULES).status).toBeNull();
    const pct = parseTarget({
      pathway: 'ehc_assessment',
      measure: 'final_within_20_weeks_ex_pct',
      threshold: 80,
      comparator: 'gte',
      deadline: '2027-03-31',
    });
    expect(pct.trajectory).toEqual([]);
    expect(targetStatus(pct, 80, '2027-01-01', RULES).status).toBe('green');
    expect(targetStatus(pct, 76, '2027-01-01', RULES).status).toBe('amber');
    expect(targetStatus(pct, 75.9, '2027-01-01', RULES).status).toBe('red');
    const none = parseTarget({
      pathway: 'slt',
      measure: 'waiting_over_max_count',
      threshold: 0,
      comparator: 'lte',
      deadline: '2027-03-31',
    });
    expect(targetStatus(none, 1, '2027-03-31', RULES).status).toBe('red');
  });

  it('runs a target without points of its own from the figure measured when it was set to the goal by the deadline', () => {
    const over52 = parseTarget({
      pathway: 'slt',
      measure: 'waiting_over_max_count',
      threshold: 0,
      comparator: 'lte',
      deadline: '2027-03-31',
    });
    const start = { date: '2026-09-30', value: 20 };
    expect(trajectoryPoints(over52, start)).toEqual([start, { date: '2027-03-31', value: 0 }]);
    // 182 days from 30 September to 31 March; 91 days in, halfway from 20 to 0
    expect(expectedAt(over52, '2026-12-30', start)).toBeCloseTo(10, 10);
    expect(expectedAt(over52, '2026-09-30', start)).toBe(20);
    expect(expectedAt(over52, '2027-04-01', start)).toBe(0);
    // On the day it is set the LA is where it stood, so on track, not red from day one.
    expect(targetStatus(over52, 20, '2026-09-30', RULES, start).status).toBe('green');
    expect(targetStatus(over52, 20, '2026-09-30', RULES).status).toBe('red');
    // Half way, 10.5 is within 5% of 10 (amber), 11 is not (red).
    expect(targetStatus(over52, 10.5, '2026-12-30', RULES, start).status).toBe('amber');
    expect(targetStatus(over52, 11, '2026-12-30', RULES, start).status).toBe('red');
    // A start on or after the target's own first point changes nothing: its own points rule.
    const t = parseTarget(nd);
    expect(trajectoryPoints(t, { date: '2026-03-31', value: 99 })).toEqual(trajectoryPoints(t));
    expect(expectedAt(t, '2026-12-30', { date: '2026-05-01', value: 99 })).toBeCloseTo(19.5, 10);
    expect(amberTolerance(80, RULES)).toBe(4);
    expect(amberTolerance(0, RULES)).toBe(0);
  });

  it('reads the actual figure a target is set on', () => {
    expect(actualFor('waiting_median_weeks', {})).toBeNull();
    expect(actualFor('final_within_20_weeks_ex_pct', { ehc: { within20Weeks: { excluding: { percent: 61.2 } } } as never })).toBe(61.2);
  });
});
