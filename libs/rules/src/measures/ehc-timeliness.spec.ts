import type { Step } from '../casebook';
import { RULES } from '../testing/rules-fixture';
import { evaluateSteps } from '../testing/evaluate-steps';
import { measure } from './accumulator';
import {
  AdviceTimelinessAccumulator,
  adviceTimelinessFromCounts,
  DecisionTimelinessAccumulator,
  EhcTimelinessAccumulator,
  ehcTimelinessFromCounts,
} from './ehc-timeliness';

const YEAR = { from: '2026-01-01', to: '2027-12-31' };
const req = (date: string, extra: Record<string, unknown> = {}): Step => ['request_received', date, extra];
const epc: Step = ['exception', '2026-03-01', { reason: 'exceptional_personal_circumstances', until: '2026-04-01' }];
const asOf = '2027-12-31';

// Request 2026-01-05, final due 2026-05-25, a year ends 2027-01-05.
const cases = [
  evaluateSteps(
    'ehc_assessment',
    [req('2026-01-05'), ['decision_to_assess', '2026-02-10', { outcome: 'assess' }], ['final_plan_issued', '2026-05-18']],
    asOf,
  ), // 133 days, on time
  evaluateSteps(
    'ehc_assessment',
    [req('2026-01-05'), epc, ['decision_to_assess', '2026-02-20', { outcome: 'assess' }], ['final_plan_issued', '2026-05-25']],
    asOf,
  ), // 140, on time, exception
  evaluateSteps(
    'ehc_assessment',
    [req('2026-01-05'), ['decision_to_assess', '2026-02-17', { outcome: 'assess' }], ['final_plan_issued', '2026-07-06']],
    asOf,
  ), // 182, late, within a year
  // 365 days: late, with an exception, exactly a year
  evaluateSteps('ehc_assessment', [req('2026-01-05'), epc, ['final_plan_issued', '2027-01-05']], asOf),
  evaluateSteps('ehc_assessment', [req('2026-01-05'), ['final_plan_issued', '2027-01-06']], asOf), // 366, over a year
  evaluateSteps('ehc_assessment', [req('2025-01-06'), ['final_plan_issued', '2025-05-01']], asOf), // issued before the period
  evaluateSteps(
    'ehc_assessment',
    [
      req('2026-03-02', { reassessment: true }),
      ['decision_to_assess', '2026-03-10', { outcome: 'assess' }],
      ['final_plan_issued', '2026-05-01'],
    ],
    asOf,
  ), // reassessment
  evaluateSteps('ehc_assessment', [req('2026-09-01')], asOf), // never issued
];

describe('EHC timeliness (DfE)', () => {
  const t = measure(cases, new EhcTimelinessAccumulator(YEAR, RULES));

  it('counts new plans issued in the period, including and excluding exceptions', () => {
    expect(t.plansIssued).toBe(5);
    expect(t.plansIssuedExcludingExceptions).toBe(3);
    expect(t.within20Weeks).toEqual({ including: { count: 2, of: 5, percent: 40 }, excluding: { count: 1, of: 3, percent: 33.3 } });
    expect(t.after20WeeksWithinYear).toEqual({
      including: { count: 2, of: 5, percent: 40 },
      excluding: { count: 1, of: 3, percent: 33.3 },
    });
    expect(t.overYear).toEqual({ including: { count: 1, of: 5, percent: 20 }, excluding: { count: 1, of: 3, percent: 33.3 } });
  });

  it('gives mean and median weeks to issue', () => {
    // days 133, 140, 182, 365, 366: mean 1186 / 35 = 33.885.. weeks; median 182 days = 26 weeks
    expect(t.meanWeeks).toBe(33.9);
    expect(t.medianWeeks).toBe(26);
  });

  it('gives the mean weeks to issue excluding exceptions beside the including one', () => {
    // Without the two exempt plans (140 and 365 days): 133, 182, 366 -> 681 / 21 = 32.43 weeks
    expect(t.meanWeeksExcludingExceptions).toBe(32.4);
    // Only exempt plans: no excluding mean, whatever the including one is
    const exemptOnly = measure([cases[1], cases[3]], new EhcTimelinessAccumulator(YEAR, RULES));
    expect(exemptOnly.meanWeeks).toBe(36.1); // 505 / 14 = 36.07
    expect(exemptOnly.meanWeeksExcludingExceptions).toBeNull();
    // No exemptions: the two means agree
    const none = measure([cases[0], cases[2]], new EhcTimelinessAccumulator(YEAR, RULES));
    expect(none.meanWeeksExcludingExceptions).toBe(none.meanWeeks);
    expect(none.meanWeeks).toBe(22.5); // 315 / 14
  });

  it('interpolates the median of an even count (half days) exactly', () => {
    const even = measure(cases.slice(0, 4), new EhcTimelinessAccumulator(YEAR, RULES));
    // days 133, 140, 182, 365: median 161 days = 23 weeks
    expect(even.medianWeeks).toBe(23);
    const two = measure(cases.slice(0, 2), new EhcTimelinessAccumulator(YEAR, RULES));
    // 136.5 days = 19.5 weeks
    expect(two.medianWeeks).toBe(19.5);
  });

  it('is empty, not zero per cent, for a period with no plans', () => {
    const none = measure(cases, new EhcTimelinessAccumulator({ from: '2030-01-01', to: '2030-12-31' }, RULES));
    expect(none.plansIssued).toBe(0);
    expect(none.within20Weeks.including.percent).toBeNull();
    expect(none.meanWeeks).toBeNull();
    expect(none.meanWeeksExcludingExceptions).toBeNull();
    expect(none.medianWeeks).toBeNull();
  });

  it('counts decisions to assess within 6 weeks', () => {
    // decisions: 02-10 on time, 02-20 late (the March exception came after it was late), 02-17 late;
    // the reassessment is left out
    expect(measure(cases, new DecisionTimelinessAccumulator(YEAR))).toEqual({
      including: { count: 1, of: 3, percent: 33.3 },
      excluding: { count: 1, of: 3, percent: 33.3 },
    });
    const excused = evaluateSteps(
      'ehc_assessment',
      [
        req('2026-01-05'),
        // away from 01-19: 4 weeks of it within the decision's 6 weeks (reg 5(4)(d))
        ['exception', '2026-01-19', { reason: 'absent_from_area' }],
        ['decision_to_assess', '2026-02-20', { outcome: 'assess' }],
      ],
      asOf,
    );
    expect(measure([...cases, excused], new DecisionTimelinessAccumulator(YEAR))).toEqual({
      including: { count: 1, of: 4, percent: 25 },
      excluding: { count: 1, of: 3, percent: 33.3 },
    });
  });

  it('counts advice within 6 weeks by service', () => {
    const asked = (service: string, on: string, back: string): Step[] => [
      ['advice_requested', on, { service }],
      ['advice_received', back, { service }],
    ];
    const advice = [
      evaluateSteps(
        'ehc_assessment',
        [req('2026-01-05'), ...asked('slt', '2026-02-12', '2026-04-01'), ...asked('ep', '2026-02-12', '2026-03-20')],
        asOf,
      ),
      evaluateSteps(
        'ehc_assessment',
        [
          req('2026-01-05'),
          ...asked('slt', '2026-02-12', '2026-03-26'),
          ['exception', '2026-03-05', { reason: 'missed_appointment', service: 'ep' }],
          ...asked('ep', '2026-02-12', '2026-04-10'),
        ],
        asOf,
      ),
    ];
    const a = measure(advice, new AdviceTimelinessAccumulator(YEAR));
    expect(a.slt).toEqual({ including: { count: 1, of: 2, percent: 50 }, excluding: { count: 1, of: 2, percent: 50 } });
    expect(a.ep).toEqual({ including: { count: 1, of: 2, percent: 50 }, excluding: { count: 1, of: 1, percent: 100 } });
    expect(a.all.including).toEqual({ count: 2, of: 4, percent: 50 });
    expect(a.ot.including).toEqual({ count: 0, of: 0, percent: null });
  });
});

describe('EHC timeliness from counts (what the report SQL returns)', () => {
  // The cases above: 5 plans (2 exempt) of 133, 140, 182, 365 and 366 days.
  const counts = {
    within20Weeks: { hit: 2, all: 5, hitEx: 1, allEx: 3 },
    after20WeeksWithinYear: { hit: 2, all: 5, hitEx: 1, allEx: 3 },
    overYear: { hit: 1, all: 5, hitEx: 1, allEx: 3 },
    days: { '365': 1, '133': 1, '366': 1, '140': 1, '182': 1 },
    daysSumExcludingExceptions: 133 + 182 + 366,
  };

  it('gives what the accumulator gives for the same cases', () => {
    const { period: _p, ...fromCases } = measure(cases, new EhcTimelinessAccumulator(YEAR, RULES));
    expect(ehcTimelinessFromCounts(counts)).toEqual(fromCases);
  });

  it('rounds the excluding mean on the exact ratio, half away from zero', () => {
    // 20 plans without exceptions, 2807 days in all: exactly 20.05 weeks -> 20.1
    const r = ehcTimelinessFromCounts({
      ...counts,
      within20Weeks: { hit: 2, all: 25, hitEx: 2, allEx: 20 },
      daysSumExcludingExceptions: 2807,
    });
    expect(r.meanWeeksExcludingExceptions).toBe(20.1);
  });

  it('rounds the mean and median weeks of the day histogram as the DfE does', () => {
    // 44 of 140 days and one of 141: mean 6301 / 315 = 20.003 weeks; median 140 days
    const r = ehcTimelinessFromCounts({ ...counts, days: { 140: 44, 141: 1 } });
    expect([r.meanWeeks, r.medianWeeks]).toEqual([20, 20]);
    // 139 and 140 days: median 139.5 days = 19.93 weeks -> 19.9; mean the same
    expect(ehcTimelinessFromCounts({ ...counts, days: { 139: 1, 140: 1 } })).toMatchObject({ meanWeeks: 19.9, medianWeeks: 19.9 });
  });

  it('reads plans issued from the 20-week counts, and gives nulls for none', () => {
    const none = { hit: 0, all: 0, hitEx: 0, allEx: 0 };
    const r = ehcTimelinessFromCounts({
      within20Weeks: none,
      after20WeeksWithinYear: none,
      overYear: none,
      days: {},
      daysSumExcludingExceptions: 0,
    });
    expect(r).toMatchObject({
      plansIssued: 0,
      plansIssuedExcludingExceptions: 0,
      meanWeeks: null,
      meanWeeksExcludingExceptions: null,
      medianWeeks: null,
    });
    expect(r.overYear.excluding).toEqual({ count: 0, of: 0, percent: null });
  });

  it('lists every advice service and sums them into all', () => {
    const a = adviceTimelinessFromCounts({ slt: { hit: 1, all: 2, hitEx: 1, allEx: 2 }, ep: { hit: 1, all: 2, hitEx: 1, allEx: 1 } });
    expect(a.all).toEqual({ including: { count: 2, of: 4, percent: 50 }, excluding: { count: 2, of: 3, percent: 66.7 } });
    expect(a.ep.excluding).toEqual({ count: 1, of: 1, percent: 100 });
    expect(a.ot.including).toEqual({ count: 0, of: 0, percent: null });
    expect(Object.keys(a)).toHaveLength(10);
  });
});
