// The mean path of a waiting list: each day a 7th of the week's capacity leaves from the front
// (longest wait first, as NHSRwaitinglist's wl_schedule books removals), then a 7th of the week's
// demand joins at the back. Counts are fractional: this is what the list does on average, which
// the seeded simulation (list-simulation.ts) checks and surrounds with a band.
import { toDay } from '../dates/iso-date';
import { SortedCounts } from '../measures/percentile';
import { capacityOn, snapshotDays, startDaysOf, type ListFigures, type ListScenario } from './list-scenario';

interface Block {
  day: number;
  count: number;
}

/** The wait (days) below which a share p of the list waits: walks from the newest joiner. */
function quantileDays(blocks: Block[], head: number, size: number, today: number, p: number): number {
  if (size <= 1e-9) return 0;
  const rank = p * size;
  let seen = 0;
  for (let i = blocks.length - 1; i >= head; i--) {
    seen += blocks[i].count;
    if (seen >= rank - 1e-9) return today - blocks[i].day;
  }
  return today - blocks[head].day;
}

function figures(blocks: Block[], head: number, today: number, overWeeks: readonly number[]): ListFigures {
  let size = 0;
  for (let i = head; i < blocks.length; i++) size += blocks[i].count;
  const over: Record<number, number> = {};
  for (const n of overWeeks) {
    let c = 0;
    for (let i = head; i < blocks.length && today - blocks[i].day >= 7 * n; i++) c += blocks[i].count;
    over[n] = c;
  }
  return {
    size,
    medianWeeks: quantileDays(blocks, head, size, today, 0.5) / 7,
    p92Weeks: quantileDays(blocks, head, size, today, 0.92) / 7,
    overWeeks: over,
  };
}

function asMeasured(s: ListScenario, overWeeks: readonly number[]): ListFigures {
  const waits = new SortedCounts(s.waitingDays);
  return {
    size: waits.count,
    medianWeeks: (waits.percentile(0.5) ?? 0) / 7,
    p92Weeks: (waits.percentile(0.92) ?? 0) / 7,
    overWeeks: Object.fromEntries(overWeeks.map((n) => [n, waits.atLeast(7 * n)])),
  };
}

/** The list's figures on each snapshot day (snapshotDays), from asOf to the deadline. */
export function projectMeanPath(s: ListScenario, overWeeks: readonly number[]): ListFigures[] {
  const start = toDay(s.asOf);
  const blocks: Block[] = startDaysOf(s.waitingDays, s.asOf);
  let head = 0;
  const out: ListFigures[] = [];
  const snaps = snapshotDays(s.days);
  let next = 0;
  for (let d = 0; d <= s.days; d++) {
    const today = start + d;
    if (d > 0) {
      let leave = capacityOn(s, today) / 7;
      while (leave > 1e-12 && head < blocks.length) {
        const take = Math.min(leave, blocks[head].count);
        blocks[head].count -= take;
        leave -= take;
        if (blocks[head].count <= 1e-12) head++;
      }
      if (s.demand > 0) blocks.push({ day: today, count: s.demand / 7 });
    }
    if (snaps[next] === d) {
      // On asOf itself, the list's own percentile_cont, as the waiting-list measures report it.
      out.push(d === 0 ? asMeasured(s, overWeeks) : figures(blocks, head, today, overWeeks));
      next++;
    }
  }
  return out;
}
