// A waiting list's recent history as the forecasts read it: referrals added and removals (first
// contact / assessment start, discharge, closure) in each of the last N weeks, and the days waited
// by everyone still waiting. Weeks are 7-day blocks ending on the as-of day, oldest first, so no
// week is partial; weeks before the list's first referral hold no data and are left out.
import type { IsoDate } from '../contract';
import { fromDay, toDay } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import type { Accumulator } from '../measures/accumulator';
import { DayHistogram, type Histogram } from '../measures/percentile';

export interface WeeklyFlow {
  /** First and last day of the week, both inclusive. */
  from: IsoDate;
  to: IsoDate;
  /** Referrals received (demand). */
  added: number;
  /** Waits that ended (capacity): first contact / assessment started, discharge, closure. */
  removed: number;
}

/** What every list forecast starts from (the reports' SQL can build the same). */
export interface ListHistory {
  asOf: IsoDate;
  /** The window's weeks that hold data, oldest first. */
  flows: WeeklyFlow[];
  /** Days waited so far by everyone waiting on asOf: {days: people}. */
  waitingDays: Histogram;
}

/** The `weeks` 7-day blocks ending on asOf, oldest first, with nothing counted yet. */
export function emptyWeeks(asOf: IsoDate, weeks: number): WeeklyFlow[] {
  const end = toDay(asOf);
  return Array.from({ length: weeks }, (_, i) => {
    const last = end - 7 * (weeks - 1 - i);
    return { from: fromDay(last - 6), to: fromDay(last), added: 0, removed: 0 };
  });
}

/** Referral and stop dates of one wait: what the flows are counted from. */
export interface WaitDates {
  referredOn: IsoDate;
  stoppedOn: IsoDate | null;
}

/** Counts each wait's referral and stop into the weeks; drops weeks that began before the first referral. */
export function weeklyFlows(waits: Iterable<WaitDates>, asOf: IsoDate, windowWeeks: number): WeeklyFlow[] {
  const weeks = emptyWeeks(asOf, windowWeeks);
  const start = toDay(weeks[0].from);
  const end = toDay(asOf);
  let first = Infinity;
  for (const w of waits) {
    const referred = toDay(w.referredOn);
    if (referred > end) continue;
    first = Math.min(first, referred);
    if (referred >= start) weeks[Math.floor((referred - start) / 7)].added++;
    if (w.stoppedOn !== null) {
      const stopped = toDay(w.stoppedOn);
      if (stopped >= start && stopped <= end) weeks[Math.floor((stopped - start) / 7)].removed++;
    }
  }
  return weeks.filter((w) => toDay(w.from) >= first);
}

/** One pass over a pathway's evaluations (as of the same day): its ListHistory. */
export class ListHistoryAccumulator implements Accumulator<ListHistory> {
  private readonly waits: WaitDates[] = [];
  private readonly waiting = new DayHistogram();

  constructor(
    private readonly pathway: 'slt' | 'neurodevelopmental',
    private readonly asOf: IsoDate,
    private readonly windowWeeks: number,
  ) {}

  add(e: CaseEvaluation): void {
    const w = e.wait;
    if (e.pathway !== this.pathway || w === null || w.referredOn > this.asOf) return;
    // Only dates inside the window matter for the flows, and the first referral for coverage.
    this.waits.push({ referredOn: w.referredOn, stoppedOn: w.open ? null : w.stoppedOn });
    if (w.open) this.waiting.add(w.daysWaited);
  }

  result(): ListHistory {
    return { asOf: this.asOf, flows: weeklyFlows(this.waits, this.asOf, this.windowWeeks), waitingDays: this.waiting.counts };
  }
}
