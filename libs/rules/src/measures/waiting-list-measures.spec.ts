import type { Step } from '../casebook';
import { addDays } from '../dates';
import { RULES } from '../testing/rules-fixture';
import { evaluateSteps } from '../testing/evaluate-steps';
import { measure } from './accumulator';
import { waitingAtLeastWeeks, WaitingListAccumulator, waitingListFromCounts } from './waiting-list-measures';

const asOf = '2026-06-01';
/** An open SLT wait of exactly `days` days as of asOf. */
const waiting = (days: number, pathway: 'slt' | 'neurodevelopmental' = 'slt') =>
  evaluateSteps(pathway, [['referral_received', addDays(asOf, -days)]], asOf);
const seen = (days: number, on: string) =>
  evaluateSteps(
    'slt',
    [
      ['referral_received', addDays(on, -days)],
      ['first_contact', on],
    ] as Step[],
    asOf,
  );

describe('waiting list measures', () => {
  // completed weeks 0, 1, 3, 8, 17, 18, 30, 52, 60
  const days = [3, 7, 27, 60, 125, 126, 210, 364, 420];
  const cases = [
    ...days.map((d) => waiting(d)),
    waiting(400, 'neurodevelopmental'),
    seen(70, '2026-03-01'),
    seen(100, '2026-04-01'),
    seen(50, '2025-12-01'),
  ];
  const w = measure(cases, new WaitingListAccumulator('slt', RULES, { from: '2026-01-01', to: '2026-06-30' }));

  it('counts who is waiting, with percentile_cont median and 92nd percentile', () => {
    expect(w.waiting).toBe(9);
    expect(w.medianWeeks).toBeCloseTo(125 / 7, 10);
    // rank 0.92 * 8 = 7.36: 364 + 0.36 * (420 - 364) = 384.16 days
    expect(w.p92Weeks).toBeCloseTo(384.16 / 7, 10);
  });

  it('puts waits in the NHS bands by completed weeks', () => {
    expect(w.bands).toEqual({ '0-1': 1, '1-2': 1, '2-4': 1, '4-12': 1, '12-18': 1, '18-52': 2, '52+': 2 });
    expect(w.overWeeks[18]).toBe(4);
    expect(w.overWeeks[52]).toBe(2);
    expect(w.overMax).toBe(2);
  });

  it('judges the pathway target (SLT 18 weeks)', () => {
    expect(w.targetWeeks).toBe(18);
    expect(w.withinTarget).toEqual({ count: 5, of: 9, percent: 55.6 });
  });

  it('gives the median wait to first contact of those seen in the period', () => {
    expect(w.seen).toBe(2);
    expect(w.medianWeeksToContact).toBeCloseTo(85 / 7, 10);
  });

  it('uses the ND target for ND', () => {
    const nd = measure(cases, new WaitingListAccumulator('neurodevelopmental', RULES));
    expect(nd).toMatchObject({ waiting: 1, targetWeeks: 13, overMax: 1, seen: 0, medianWeeksToContact: null });
    const none = measure([], new WaitingListAccumulator('slt', RULES));
    expect(none).toMatchObject({ waiting: 0, medianWeeks: null, p92Weeks: null, withinTarget: { percent: null } });
  });
});

describe('waiting list from counts (what the report SQL returns)', () => {
  const waitingDays = { 3: 1, 7: 1, 27: 1, 60: 1, 125: 1, 126: 1, 210: 1, 364: 1, 420: 1 };

  it('gives what the accumulator gives for the same waits', () => {
    const cases = [...Object.keys(waitingDays).map((d) => waiting(Number(d))), seen(70, '2026-03-01'), seen(100, '2026-04-01')];
    const fromCases = measure(cases, new WaitingListAccumulator('slt', RULES, { from: '2026-01-01', to: '2026-06-30' }));
    expect(waitingListFromCounts('slt', { waitingDays, seenDays: { 70: 1, 100: 1 } }, RULES)).toEqual(fromCases);
  });

  it('judges targets and bands by completed weeks: 125 days is 17 weeks, 126 is 18', () => {
    const w = waitingListFromCounts('slt', { waitingDays: JSON.parse('{"125": 3, "126": 2, "364": 1}'), seenDays: {} }, RULES);
    expect(w.withinTarget).toEqual({ count: 3, of: 6, percent: 50 });
    expect(w.bands).toMatchObject({ '12-18': 3, '18-52': 2, '52+': 1 });
    expect(w.overWeeks).toEqual({ 1: 6, 2: 6, 4: 6, 12: 6, 18: 3, 52: 1 });
    expect([w.overMax, w.seen, w.medianWeeksToContact]).toEqual([1, 0, null]);
    expect(w.medianWeeks).toBe(125.5 / 7);
    // rank 0.92 * 5 = 4.6: 126 + 0.6 * (364 - 126)
    expect(w.p92Weeks).toBeCloseTo((126 + 0.6 * 238) / 7, 10);
    // ND's 13-week target: 91 days
    expect(waitingListFromCounts('neurodevelopmental', { waitingDays: { 90: 1, 91: 1 }, seenDays: {} }, RULES).withinTarget.count).toBe(1);
  });

  it('counts those waiting N completed weeks or more', () => {
    expect([17, 18, 52, 53].map((n) => waitingAtLeastWeeks(waitingDays, n))).toEqual([5, 4, 2, 1]);
  });
});

describe('NICE QS51 beside the ND waiting list', () => {
  // Referred 2025-11-03: 3 months end 2026-02-03.
  const nd = (steps: Step[], on = '2026-06-01') => evaluateSteps('neurodevelopmental', [['referral_received', '2025-11-03'], ...steps], on);
  const cases = [
    nd([['assessment_started', '2026-02-02']]), // within
    nd([['assessment_started', '2026-02-03']]), // within, on the due day
    nd([['assessment_started', '2026-02-04']]), // not within
    nd([
      ['appointment_dna', '2025-12-01'],
      ['assessment_started', '2026-02-20'],
    ]), // not within: the DNA restarts the RTT clock, not QS51's
    nd([]), // still waiting after the 3 months: not within
    nd([['referral_closed', '2026-02-03', { reason: 'moved' }]]), // closed unassessed by the due day: not counted
    nd([['discharged', '2026-02-04']]), // discharged unassessed after it: not within
    nd([['assessment_started', '2026-01-10']], '2026-01-31'), // assessed, but its 3 months have not ended: not yet counted
    nd([['assessment_started', '2026-02-01']], '2026-02-03'), // as of the due day: not yet counted
    nd([], '2026-02-03'), // still waiting on the due day (pending): not yet counted
  ];

  it('counts the referrals whose 3 months ended, and those assessed within them, without DNA restarts', () => {
    const w = measure(cases, new WaitingListAccumulator('neurodevelopmental', RULES));
    expect(w.qs51).toEqual({ count: 2, of: 6, percent: 33.3 });
  });

  it('takes the referrals whose 3 months ended in the period', () => {
    expect(measure(cases, new WaitingListAccumulator('neurodevelopmental', RULES, { from: '2026-02-04', to: '2026-06-01' })).qs51).toEqual({
      count: 0,
      of: 0,
      percent: null,
    });
    expect(measure(cases, new WaitingListAccumulator('neurodevelopmental', RULES, { from: '2026-02-03', to: '2026-02-03' })).qs51).toEqual({
      count: 2,
      of: 6,
      percent: 33.3,
    });
  });

  it('is not given for SLT, and the counts give what the accumulator gives', () => {
    expect(measure([waiting(10)], new WaitingListAccumulator('slt', RULES))).not.toHaveProperty('qs51');
    const fromCases = measure(cases, new WaitingListAccumulator('neurodevelopmental', RULES));
    const seenDays = { 68: 1, 81: 1, 90: 1, 91: 1, 92: 1, 93: 1 };
    const fromCounts = waitingListFromCounts(
      'neurodevelopmental',
      { waitingDays: { 92: 1, 210: 1 }, seenDays, qs51: { within: 2, of: 6 } },
      RULES,
    );
    expect(fromCounts).toEqual(fromCases);
  });
});
