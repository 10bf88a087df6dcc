// The future a projection plays out: weekly demand and capacity from the window, changed by a
// "what if" (capacity +X a week from a date, demand -Y%), over the days to the target's deadline.
import type { IsoDate } from '../contract';
import { toDay } from '../dates/iso-date';
import type { Histogram } from '../measures/percentile';

export interface ListScenario {
  asOf: IsoDate;
  /** Days from asOf to the last snapshot (the deadline). */
  days: number;
  /** Referrals a week (already changed by the what-if). */
  demand: number;
  /** Removals a week before the change, and from `changeFrom` on. */
  capacity: number;
  capacityAfter: number;
  /** Day number from which capacityAfter applies (null: never). */
  changeFromDay: number | null;
  /** Days waited by those waiting on asOf. */
  waitingDays: Histogram;
}

/** Capacity a week on a day (day numbers, as toDay gives). */
export const capacityOn = (s: ListScenario, day: number): number =>
  s.changeFromDay !== null && day >= s.changeFromDay ? s.capacityAfter : s.capacity;

/** The days (from asOf, 0 = asOf) a projection reports: every 7 days, then the deadline itself. */
export function snapshotDays(days: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < days; d += 7) out.push(d);
  out.push(days);
  return out;
}

/** The waiting list on asOf as clock-start day numbers, oldest first (so first in, first out). */
export function startDaysOf(waitingDays: Histogram, asOf: IsoDate): { day: number; count: number }[] {
  const today = toDay(asOf);
  return Object.keys(waitingDays)
    .map((k) => ({ day: today - Number(k), count: (waitingDays as Record<string, number>)[k] }))
    .filter((b) => b.count > 0)
    .sort((a, b) => a.day - b.day);
}

/** A snapshot's figures, whatever produced them (the mean path or one simulated run). */
export interface ListFigures {
  size: number;
  /** Weeks waited by the middle person and at the 92nd percentile; 0 when nobody waits. */
  medianWeeks: number;
  p92Weeks: number;
  /** People waiting N completed weeks or more, for each N asked. */
  overWeeks: Record<number, number>;
}
