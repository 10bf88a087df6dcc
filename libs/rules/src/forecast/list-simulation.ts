// A seeded discrete-event simulation of the same list, many runs: referrals arrive as a Poisson
// process at the week's demand, removals as a Poisson process at the week's capacity, each taking
// the longest waiter who joined on an earlier day (first in, first out, as NHSRwaitinglist's
// wl_simulator and wl_schedule). Both processes are memoryless, so resolving each day's events to
// the day (a Poisson count of each) loses nothing: removals never take that day's joiners.
import { toDay } from '../dates/iso-date';
import { percentileCont } from '../measures/percentile';
import { capacityOn, snapshotDays, startDaysOf, type ListFigures, type ListScenario } from './list-scenario';
import { SeededRandom } from './seeded-random';

/** percentile_cont over the waits of a FIFO list held as ascending start days from `head`. */
function waitQuantile(starts: number[], head: number, today: number, p: number): number {
  const n = starts.length - head;
  if (n === 0) return 0;
  // Ascending waits are descending start days: rank r of the waits is index length-1-r.
  const rank = p * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = today - starts[starts.length - 1 - lo];
  const b = today - starts[starts.length - 1 - hi];
  return (a + (rank - lo) * (b - a)) / 7;
}

function countOver(starts: number[], head: number, today: number, weeks: number): number {
  // Starts ascend: binary search the first start that has waited fewer than 7 * weeks days.
  let lo = head;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (today - starts[mid] >= 7 * weeks) lo = mid + 1;
    else hi = mid;
  }
  return lo - head;
}

/** One run: the list's figures on each snapshot day. */
export function simulateOnce(s: ListScenario, overWeeks: readonly number[], rnd: SeededRandom): ListFigures[] {
  const start = toDay(s.asOf);
  const starts: number[] = [];
  for (const b of startDaysOf(s.waitingDays, s.asOf)) for (let i = 0; i < b.count; i++) starts.push(b.day);
  let head = 0;
  const out: ListFigures[] = [];
  const snaps = snapshotDays(s.days);
  let next = 0;
  for (let d = 0; d <= s.days; d++) {
    const today = start + d;
    if (d > 0) {
      head = Math.min(starts.length, head + rnd.poisson(capacityOn(s, today) / 7));
      for (let k = rnd.poisson(s.demand / 7); k > 0; k--) starts.push(today);
    }
    if (snaps[next] === d) {
      const over: Record<number, number> = {};
      for (const n of overWeeks) over[n] = countOver(starts, head, today, n);
      out.push({
        size: starts.length - head,
        medianWeeks: waitQuantile(starts, head, today, 0.5),
        p92Weeks: waitQuantile(starts, head, today, 0.92),
        overWeeks: over,
      });
      next++;
    }
  }
  return out;
}

export interface Band {
  low: number;
  high: number;
}

export interface SimulatedBands {
  runs: number;
  /** For each snapshot day: the band of each figure across runs. */
  size: Band[];
  medianWeeks: Band[];
  p92Weeks: Band[];
}

/** Runs the simulation `runs` times from `seed`; bands hold the middle `percent`% of the runs. */
export function simulateBands(s: ListScenario, runs: number, seed: number, percent: number): SimulatedBands {
  const rnd = new SeededRandom(seed);
  const all = Array.from({ length: runs }, () => simulateOnce(s, [], rnd));
  const tail = (1 - percent / 100) / 2;
  const band = (pick: (f: ListFigures) => number): Band[] =>
    all[0].map((_, i) => {
      const sorted = all.map((run) => pick(run[i])).sort((a, b) => a - b);
      return { low: percentileCont(sorted, tail)!, high: percentileCont(sorted, 1 - tail)! };
    });
  return { runs, size: band((f) => f.size), medianWeeks: band((f) => f.medianWeeks), p92Weeks: band((f) => f.p92Weeks) };
}
