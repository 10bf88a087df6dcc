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

/** Counts referrals and stops into the weeks ending on asOf, remembering the first referral seen. */
class FlowCounter {
  private readonly weeks: WeeklyFlow[];
  private readonly start: number;
  private readonly end: number;
  private first = Infinity;

  constructor(asOf: IsoDate, windowWeeks: number) {
    this.weeks = emptyWeeks(asOf, windowWeeks);
    this.start = toDay(this.weeks[0].from);
    this.end = toDay(asOf);
  }

  add(referredOn: IsoDate, stoppedOn: IsoDate | null): void {
    const referred = toDay(referredOn);
    if (referred > this.end) return;
    this.first = Math.min(this.first, referred);
    if (referred >= this.start) this.weeks[Math.floor((referred - this.start) / 7)].added++;
    if (stoppedOn === null) return;
    const stopped = toDay(stoppedOn);
    if (stopped >= this.start && stopped <= this.end) this.weeks[Math.floor((stopped - this.start) / 7)].removed++;
  }

  /** The weeks that began on or after the first referral (earlier ones hold no data). */
  flows(): WeeklyFlow[] {
    return this.weeks.filter((w) => toDay(w.from) >= this.first).map((w) => ({ ...w }));
  }
}

/** Counts each wait's referral and stop into the weeks; drops weeks that began before the first referral. */
export function weeklyFlows(waits: Iterable<WaitDates>, asOf: IsoDate, windowWeeks: number): WeeklyFlow[] {
  const counter = new FlowCounter(asOf, windowWeeks);
  for (const w of waits) counter.add(w.referredOn, w.stoppedOn);
  return counter.flows();
}

/** One pass over a pathway's evaluations (as of the same day): its ListHistory, in constant memory. */
export class ListHistoryAccumulator implements Accumulator<ListHistory> {
  private readonly counter: FlowCounter;
  private readonly waiting = new DayHistogram();

  constructor(
    private readonly pathway: 'slt' | 'neurodevelopmental',
    private readonly asOf: IsoDate,
    windowWeeks: number,
  ) {
    this.counter = new FlowCounter(asOf, windowWeeks);
  }

  add(e: CaseEvaluation): void {
    const w = e.wait;
    if (e.pathway !== this.pathway || w === null || w.referredOn > this.asOf) return;
    this.counter.add(w.referredOn, w.open ? null : w.stoppedOn);
    if (w.open) this.waiting.add(w.daysWaited);
  }

  result(): ListHistory {
    return { asOf: this.asOf, flows: this.counter.flows(), waitingDays: { ...this.waiting.counts } };
  }
}
