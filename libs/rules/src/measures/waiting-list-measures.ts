// Waiting-list measures (RTT-style) for one pathway: those still waiting as of each evaluation's
// as-of date, and the waits that ended at first contact / assessment start in a period.
import type { CaseEvaluation } from '../evaluate';
import type { RulesTable } from '../table';
import type { Accumulator } from './accumulator';
import { DayHistogram } from './percentile';
import { inPeriod, type Period } from './period';
import { share, type Share } from './share';
import { bandIndex, bandLabels } from './week-bands';

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

export class WaitingListAccumulator implements Accumulator<WaitingList> {
  private readonly open = new DayHistogram();
  private readonly closed = new DayHistogram();
  private readonly bounds: readonly number[];
  private readonly bands: number[];
  private readonly targetWeeks: number;
  private within = 0;
  private overMax = 0;

  constructor(private readonly pathway: WaitPathway, private readonly rules: RulesTable, private readonly seenIn?: Period) {
    this.bounds = rules.waits.bandsWeeks;
    this.bands = this.bounds.map(() => 0);
    this.targetWeeks = pathway === 'slt' ? rules.waits.sltTargetWeeks : rules.waits.ndTargetWeeks;
  }

  add(e: CaseEvaluation): void {
    const w = e.wait;
    if (e.pathway !== this.pathway || w === null) return;
    if (w.open) {
      this.open.add(w.daysWaited);
      this.bands[bandIndex(this.bounds, w.completedWeeks)]++;
      if (w.completedWeeks < this.targetWeeks) this.within++;
      if (w.completedWeeks >= this.rules.waits.maxWeeks) this.overMax++;
    } else if ((w.stoppedBy === 'first_contact' || w.stoppedBy === 'assessment_started') && (!this.seenIn || inPeriod(w.stoppedOn, this.seenIn))) {
      this.closed.add(w.daysWaited);
    }
  }

  result(): WaitingList {
    const weeks = (days: number | null) => (days === null ? null : days / 7);
    const overWeeks: Record<number, number> = {};
    for (let i = 1; i < this.bounds.length; i++) overWeeks[this.bounds[i]] = this.bands.slice(i).reduce((a, b) => a + b, 0);
    return {
      pathway: this.pathway,
      waiting: this.open.count,
      medianWeeks: weeks(this.open.percentile(0.5)),
      p92Weeks: weeks(this.open.percentile(0.92)),
      bands: Object.fromEntries(bandLabels(this.bounds).map((l, i) => [l, this.bands[i]])),
      overWeeks,
      targetWeeks: this.targetWeeks,
      withinTarget: share(this.within, this.open.count),
      overMax: this.overMax,
      seen: this.closed.count,
      medianWeeksToContact: weeks(this.closed.percentile(0.5)),
    };
  }
}
