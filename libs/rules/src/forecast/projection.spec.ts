import fc from 'fast-check';
import { addDays } from '../dates/iso-date';
import { RULES } from '../testing/rules-fixture';
import { evenWaits, historyOf, numbersIn } from '../testing/forecast-lists';
import { isProblem } from './forecast-problem';
import { projectList, type Projection, type ProjectionInput } from './projection';

const ASOF = '2026-11-29';
const RUNS = 40;

/** SLT list: 30 referrals a week, 25 removals, 400 waiting up to a year. */
function input(over: Partial<ProjectionInput> = {}): ProjectionInput {
  return {
    ...historyOf(ASOF, 26, () => ({ added: 30, removed: 25 }), evenWaits(400, 365)),
    targetWeeks: 18,
    target: { measure: 'waiting_count', threshold: 300, comparator: 'lte', deadline: '2027-11-28' },
    runs: RUNS,
    ...over,
  };
}

const project = (i: ProjectionInput) => {
  const p = projectList(i, RULES);
  if (isProblem(p)) throw new Error(p.why);
  return p;
};

describe('projectList', () => {
  it('projects a list whose demand exceeds capacity as missing its target, and the capacity it names meets it', () => {
    const p = project(input());
    expect(p.queueLoad).toBeCloseTo(1.2, 12);
    // The mean path grows by 5 a week: 400 + 52 x 5 = 660 at the deadline.
    expect(p.weeks[0]).toMatchObject({ on: ASOF, size: 400 });
    expect(p.weeks[p.weeks.length - 1].on).toBe('2027-11-28');
    expect(p.weeks[p.weeks.length - 1].size).toBeCloseTo(660, 6);
    expect(p.answer).toMatchObject({ status: 'not_met', by: '2027-11-28', reason: 'list_grows', from: '2026-11-30' });
    const extra = p.answer.status === 'not_met' ? p.answer.extraPerWeek! : NaN;
    // Stable (over 30 a week in all) and down to 300: 25 + x - 30 > 100 / 52 -> x = 7.
    expect(extra).toBe(7);

    const fed = project(input({ whatIf: { capacityChange: { perWeek: extra, from: '2026-11-30' } } }));
    expect(fed.answer.status).toBe('met');
    const short = project(input({ whatIf: { capacityChange: { perWeek: extra - 1, from: '2026-11-30' } } }));
    expect(short.answer.status).toBe('not_met');
  });

  it('says when a reachable target is met, and the band surrounds the mean path', () => {
    const p = project(input({ ...historyOf(ASOF, 26, () => ({ added: 30, removed: 40 }), evenWaits(400, 365)) }));
    // 400 - 10 a week: first at or under 300 after 10 weeks, 70 days on.
    expect(p.answer).toEqual({ status: 'met', on: '2027-02-07' });
    expect(p.weeks.find((w) => w.on === '2027-02-07')?.met).toBe(true);
    expect(p.weeks.find((w) => w.on === '2027-01-31')?.met).toBe(false);
    for (const w of p.weeks.slice(0, 27)) {
      expect(w.band.size.low).toBeLessThanOrEqual(w.size);
      expect(w.size).toBeLessThanOrEqual(w.band.size.high);
    }
    for (const w of p.weeks) {
      expect(w.band.size.low).toBeLessThanOrEqual(w.band.size.high);
      expect(Object.keys(w.overWeeksPercent)).toEqual(['18', '52']);
    }
  });

  it('applies a demand cut and judges waiting-time measures', () => {
    const cut = project(input({ whatIf: { demandChangePercent: 20 } }));
    expect(cut.projectedDemand).toBeCloseTo(24, 12);
    expect(cut.queueLoad).toBeCloseTo(0.96, 12);
    const p92 = project(input({ target: { measure: 'waiting_p92_weeks', threshold: 18, comparator: 'lte', deadline: '2027-11-28' } }));
    expect(p92.weeks[0].p92Weeks).toBeGreaterThan(40);
    expect(p92.answer.status).toBe('not_met');
    const fix = p92.answer.status === 'not_met' ? p92.answer.extraPerWeek! : NaN;
    const fed = project(
      input({
        target: { measure: 'waiting_p92_weeks', threshold: 18, comparator: 'lte', deadline: '2027-11-28' },
        whatIf: { capacityChange: { perWeek: fix, from: '2026-11-30' } },
      }),
    );
    expect(fed.answer.status).toBe('met');
    expect(fed.weeks[fed.weeks.length - 1].p92Weeks).toBeLessThanOrEqual(18);
  });

  it.each([
    [
      { target: { measure: 'waiting_count', threshold: 1, comparator: 'lte' } },
      'target.deadline',
      'is required: a target without a date cannot be projected',
    ],
    [
      { target: { measure: 'waiting_count', threshold: 1, comparator: 'lte', deadline: '2026-01-01' } },
      'target.deadline',
      'has passed: it must be after 2026-11-29',
    ],
    [
      { target: { measure: 'final_within_20_weeks_pct', threshold: 60, comparator: 'gte', deadline: '2027-11-28' } },
      'target.measure',
      'cannot be projected: only measures of those waiting can',
    ],
    [
      { whatIf: { capacityChange: { perWeek: -26, from: '2027-01-01' } } },
      'capacityChange',
      'would make capacity negative: 25 a week now, change -26',
    ],
    [{ whatIf: { demandChangePercent: 120 } }, 'demandChange', 'must be a percentage of at most 100'],
    [{ flows: [] }, 'window', 'not enough data (0 weeks, need 8)'],
  ] as [Partial<ProjectionInput>, string, string][])('refuses bad input: %j', (over, field, why) => {
    expect(projectList(input(over), RULES)).toMatchObject({ field, why });
  });

  it('never answers NaN or Infinity, even with no capacity and nobody waiting', () => {
    const none = project(input({ ...historyOf(ASOF, 8, () => ({ added: 0, removed: 0 }), []) }));
    const stalled = project(input({ ...historyOf(ASOF, 8, () => ({ added: 10, removed: 0 }), [3]) }));
    for (const p of [none, stalled]) {
      for (const n of numbersIn(p)) expect(Number.isFinite(n)).toBe(true);
      expect(JSON.stringify(p)).not.toMatch(/NaN|Infinity/);
    }
    expect(none.answer.status).toBe('met');
    expect(stalled.queueLoad).toBeNull();
    expect(stalled.answer).toMatchObject({ status: 'not_met', reason: 'list_grows' });
  });

  it('never projects a target as met when queue load is 1 or more', () => {
    const measures = [
      'waiting_count',
      'waiting_median_weeks',
      'waiting_p92_weeks',
      'waiting_within_target_pct',
      'waiting_over_max_count',
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(...measures),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 104 }),
        fc.integer({ min: -20, max: 20 }),
        (capacity, surplus, waiting, measure, threshold, weeks, change) => {
          const demand = capacity + surplus;
          const p = projectList(
            {
              ...historyOf(ASOF, 12, () => ({ added: demand, removed: capacity }), evenWaits(waiting, 500)),
              targetWeeks: 18,
              target: {
                measure,
                threshold,
                comparator: measure === 'waiting_within_target_pct' ? 'gte' : 'lte',
                deadline: addDays(ASOF, 7 * weeks),
              },
              whatIf: capacity + change >= 0 ? { capacityChange: { perWeek: change, from: addDays(ASOF, 1) } } : undefined,
              runs: 2,
            },
            RULES,
          ) as Projection;
          expect(isProblem(p)).toBe(false);
          if (p.queueLoad === null || p.queueLoad >= 1) expect(p.answer.status).toBe('not_met');
          for (const n of numbersIn(p)) expect(Number.isFinite(n)).toBe(true);
        },
      ),
      { numRuns: 60, seed: 14 },
    );
  });
});
