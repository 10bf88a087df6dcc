// Waiting-list measures (RTT-style) for one pathway: those still waiting as of each evaluation's
// as-of date, and the waits that ended at first contact / assessment start in a period.
import type { CaseEvaluation } from '../evaluate';
import type { RulesTable } from '../table';
import type { Accumulator } from './accumulator';
import { DayHistogram, regroup, SortedCounts, type Histogram } from './percentile';
import { inPeriod, type Period } from './period';
import { share, type Share } from './share';
import { completedWeeks, weekBands } from './week-bands';

export type WaitPathway = 'slt' | 'neurodevelopmental';

export interface WaitingList {
  pathway: WaitPathway;
  waiting: number;
  /** percentile_cont over weeks waited (days / 7), unrounded, null when nobody waits. */
  medianWeeks: number | null;
  p92Weeks: number | null;
  /** Completed weeks in the NHS community bands (waits.bandsWeeks). */
  bands: Record<string, number>;
  /** Waiting N or more completed weeks, for each band bound N > 0: overWeeks[18], overWeeks[52]. */
  overWeeks: Record<number, number>;
  /** The pathway's target (ND waits.ndTargetWeeks, SLT waits.sltTargetWeeks). */
  targetWeeks: number;
  /** Waiting fewer completed weeks than the target. */
  withinTarget: Share;
  /** Waiting waits.maxWeeks (52) or more. */
  overMax: number;
  /** Waits that ended at first contact / assessment start (in the period when one is given). */
  seen: number;
  medianWeeksToContact: number | null;
}

/** What a waiting list is computed from, by the accumulator below or by the reports' SQL. */
export interface WaitingListCounts {
  /** Days waited so far by everyone still waiting: {days: people}. */
  waitingDays: Histogram;
  /** Days waited by those whose wait ended at first contact / assessment start (in the period). */
  seenDays: Histogram;
}

/** Waiting `weeks` completed weeks or more (18, 52): at least 7 * weeks days. */
export const waitingAtLeastWeeks = (waitingDays: Histogram, weeks: number): number => new SortedCounts(waitingDays).atLeast(7 * weeks);

/** The measure from the counts: percentile_cont over days (as weeks), bands and targets by completed weeks. */
export function waitingListFromCounts(pathway: WaitPathway, c: WaitingListCounts, rules: RulesTable): WaitingList {
  const bounds = rules.waits.bandsWeeks;
  const waiting = new SortedCounts(c.waitingDays);
  const seen = new SortedCounts(c.seenDays);
  const weeks = (days: number | null) => (days === null ? null : days / 7);
  const atLeastWeeks = (n: number) => waiting.atLeast(7 * n);
  const targetWeeks = pathway === 'slt' ? rules.waits.sltTargetWeeks : rules.waits.ndTargetWeeks;
  return {
    pathway,
    waiting: waiting.count,
    medianWeeks: weeks(waiting.percentile(0.5)),
    p92Weeks: weeks(waiting.percentile(0.92)),
    bands: weekBands(bounds, regroup(c.waitingDays, completedWeeks)),
    overWeeks: Object.fromEntries(bounds.slice(1).map((b) => [b, atLeastWeeks(b)])),
    targetWeeks,
    withinTarget: share(waiting.count - atLeastWeeks(targetWeeks), waiting.count),
    overMax: atLeastWeeks(rules.waits.maxWeeks),
    seen: seen.count,
    medianWeeksToContact: weeks(seen.percentile(0.5)),
  };
}

export class WaitingListAccumulator implements Accumulator<WaitingList> {
  private readonly open = new DayHistogram();
  private readonly closed = new DayHistogram();

  constructor(
    private readonly pathway: WaitPathway,
    private readonly rules: RulesTable,
    private readonly seenIn?: Period,
  ) {}

  add(e: CaseEvaluation): void {
    const w = e.wait;
    if (e.pathway !== this.pathway || w === null) return;
    if (w.open) this.open.add(w.daysWaited);
    else if (
      (w.stoppedBy === 'first_contact' || w.stoppedBy === 'assessment_started') &&
      (!this.seenIn || inPeriod(w.stoppedOn, this.seenIn))
    ) {
      this.closed.add(w.daysWaited);
    }
  }

  result(): WaitingList {
    return waitingListFromCounts(this.pathway, { waitingDays: this.open.counts, seenDays: this.closed.counts }, this.rules);
  }
}
