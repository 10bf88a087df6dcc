// Waiting-list measures (RTT-style) for one pathway: those still waiting as of each evaluation's
// as-of date, and the waits that ended at first contact / assessment start in a period; for ND,
// beside them, NICE QS51's measure (assessment started within 3 months of referral, no restart).
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
  /**
   * ND only: NICE QS51 statement 1's measure. Of the referrals whose waits.qs51Months (3) months
   * from the referral ended in the period, before the date, the share whose assessment started by then;
   * DNAs never restart it, and referrals discharged or closed unassessed by then are not counted.
   */
  qs51?: Share;
}

/** NICE QS51 counts: referrals whose 3 months ended, and how many of them were assessed within them. */
export interface Qs51Counts {
  within: number;
  of: number;
}

/** What a waiting list is computed from, by the accumulator below or by the reports' SQL. */
export interface WaitingListCounts {
  /** Days waited so far by everyone still waiting: {days: people}. */
  waitingDays: Histogram;
  /** Days waited by those whose wait ended at first contact / assessment start (in the period). */
  seenDays: Histogram;
  /** ND only (QS51); none counted when absent. */
  qs51?: Qs51Counts;
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
    ...(pathway === 'neurodevelopmental' ? { qs51: share(c.qs51?.within ?? 0, c.qs51?.of ?? 0) } : {}),
  };
}

/**
 * Whether a wait counts in QS51's measure over `period` (all periods when absent): its 3 months
 * ended in the period and before the evaluation's date (on the due day itself an assessment may still
 * start, so only then is every outcome known), and it was not left unassessed by a discharge or
 * closure by then. Returns whether it was assessed within them, or null when it does not count.
 */
export function qs51Counted(e: CaseEvaluation, period?: Period): boolean | null {
  const q = e.wait?.qs51;
  if (!q || q.dueOn >= e.asOf || (period && !inPeriod(q.dueOn, period))) return null;
  if (q.state === 'within') return true;
  if (q.state === 'not_within') return false;
  return null;
}

export class WaitingListAccumulator implements Accumulator<WaitingList> {
  private readonly open = new DayHistogram();
  private readonly closed = new DayHistogram();
  private readonly qs51: Qs51Counts = { within: 0, of: 0 };

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
    const q = qs51Counted(e, this.seenIn);
    if (q !== null) {
      this.qs51.of++;
      if (q) this.qs51.within++;
    }
  }

  result(): WaitingList {
    return waitingListFromCounts(
      this.pathway,
      { waitingDays: this.open.counts, seenDays: this.closed.counts, qs51: this.qs51 },
      this.rules,
    );
  }
}
