import { addDays, toDay } from '../dates/iso-date';
import { tally } from '../measures/percentile';
import { evenWaits } from '../testing/forecast-lists';
import { projectMeanPath } from './fluid-projection';
import type { ListScenario } from './list-scenario';
import { simulateBands, simulateOnce } from './list-simulation';
import { SeededRandom } from './seeded-random';

const ASOF = '2026-11-29';

function scenario(demand: number, capacity: number, waiting: number[], weeks = 26): ListScenario {
  const h: Record<number, number> = {};
  for (const d of waiting) tally(h, d);
  return { asOf: ASOF, days: 7 * weeks, demand, capacity, capacityAfter: capacity, changeFromDay: null, waitingDays: h };
}

describe('the projection against a seeded discrete-event simulation of the same list', () => {
  const cases: [string, ListScenario][] = [
    ['demand above capacity (SLT, growing)', scenario(30, 25, evenWaits(400, 365))],
    ['capacity above demand, large backlog (ND, shrinking)', scenario(20, 26, evenWaits(900, 600))],
    ['balanced', scenario(15, 15, evenWaits(250, 300))],
    ['capacity up part way', { ...scenario(40, 35, evenWaits(600, 400)), capacityAfter: 45, changeFromDay: toDay(addDays(ASOF, 28)) }],
  ];

  it('puts the projected median wait within the simulation 90% band at 13 and 26 weeks, in under 20 s', () => {
    const started = Date.now();
    for (const [name, s] of cases) {
      const mean = projectMeanPath(s, []);
      const bands = simulateBands(s, 500, 20260101, 90);
      for (const week of [13, 26]) {
        const median = mean[week].medianWeeks;
        const band = bands.medianWeeks[week];
        const size = bands.size[week];
        expect({ name, week, inside: median >= band.low && median <= band.high }).toEqual({ name, week, inside: true });
        expect({ name, week, inside: mean[week].size >= size.low && mean[week].size <= size.high }).toEqual({ name, week, inside: true });
        // A band, not a point: the runs differ.
        expect(size.high).toBeGreaterThan(size.low);
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('is reproducible from its seed and keeps its list first in, first out', () => {
    const s = scenario(30, 25, evenWaits(400, 365));
    const a = simulateOnce(s, [18, 52], new SeededRandom(7));
    const b = simulateOnce(s, [18, 52], new SeededRandom(7));
    expect(a).toEqual(b);
    // evenWaits(400, 365) ends at 364 days: one person has waited 52 completed weeks.
    expect(a[0]).toMatchObject({ size: 400, overWeeks: { 52: 1 } });
    // After 26 weeks at 25 a week (about 650 removals), nobody from the starting list remains.
    expect(a[26].p92Weeks).toBeLessThan(26);
  });
});
