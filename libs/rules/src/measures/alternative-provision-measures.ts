// Alternative provision placements as of the evaluations' date: open placements, their hours
// (part-time under alternativeProvision.fullTimeHours), reviews overdue past 6 and 12 weeks, and
// time in AP; overall, by provider and by reason. Closed placements in the period give time in AP.
import type { CaseEvaluation, PlacementSummary } from '../evaluate';
import type { Accumulator } from './accumulator';
import { DayHistogram, histogramPercentile, type Histogram } from './percentile';
import { inPeriod, type Period } from './period';
import { share, type Share } from './share';

export interface PlacementGroup {
  open: number;
  partTime: Share;
  /** Open placements with no review for over alternativeProvision.reviewWeeks / longWithoutReviewWeeks. */
  unreviewedPastReview: number;
  unreviewedPastLong: number;
  /** Mean hours a week over open placements, 1 dp; null when none. */
  meanHours: number | null;
  medianWeeksInAp: number | null;
}

export interface AlternativeProvisionMeasures extends PlacementGroup {
  /** By provider: its URN, or 'kind:<providerKind>' for a provider without one. */
  byProvider: Record<string, PlacementGroup>;
  byReason: Record<string, PlacementGroup>;
  byCommissioner: Record<string, PlacementGroup>;
  /** Placements that ended in the period (all ended ones without a period) and their time in AP. */
  ended: number;
  medianWeeksInApEnded: number | null;
}

/** What one group's figures are computed from, by the accumulator below or by SQL over stored placements. */
export interface PlacementGroupCounts {
  open: number;
  partTime: number;
  unreviewedPastReview: number;
  unreviewedPastLong: number;
  /** Hours a week summed over the open placements. */
  hours: number;
  /** Days in placement of the open placements: {days: placements}. */
  days: Histogram;
}

/** Shares, mean hours (1 dp) and the median time in AP from the counts. */
export function placementGroupFromCounts(c: PlacementGroupCounts): PlacementGroup {
  const median = histogramPercentile(c.days, 0.5);
  return {
    open: c.open,
    partTime: share(c.partTime, c.open),
    unreviewedPastReview: c.unreviewedPastReview,
    unreviewedPastLong: c.unreviewedPastLong,
    meanHours: c.open ? Math.round((10 * c.hours) / c.open) / 10 : null,
    medianWeeksInAp: median === null ? null : median / 7,
  };
}

/** A provider's key in byProvider. */
export const providerKeyOf = (p: PlacementSummary): string => p.providerUrn ?? `kind:${p.providerKind ?? 'other'}`;

class GroupCounter {
  open = 0;
  partTime = 0;
  pastReview = 0;
  pastLong = 0;
  hours = 0;
  readonly days = new DayHistogram();

  add(p: PlacementSummary): void {
    this.open++;
    if (p.partTime) this.partTime++;
    if (p.unreviewedPastReview) this.pastReview++;
    if (p.unreviewedPastLong) this.pastLong++;
    this.hours += p.hoursPerWeek;
    this.days.add(p.daysInPlacement);
  }

  result(): PlacementGroup {
    const { open, partTime, pastReview, pastLong, hours } = this;
    return placementGroupFromCounts({
      open,
      partTime,
      unreviewedPastReview: pastReview,
      unreviewedPastLong: pastLong,
      hours,
      days: this.days.counts,
    });
  }
}

const groupIn = (m: Map<string, GroupCounter>, key: string): GroupCounter => {
  let g = m.get(key);
  if (!g) m.set(key, (g = new GroupCounter()));
  return g;
};

const resultsOf = (m: Map<string, GroupCounter>): Record<string, PlacementGroup> =>
  Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, g]) => [k, g.result()]));

export class AlternativeProvisionAccumulator implements Accumulator<AlternativeProvisionMeasures> {
  private readonly all = new GroupCounter();
  private readonly byProvider = new Map<string, GroupCounter>();
  private readonly byReason = new Map<string, GroupCounter>();
  private readonly byCommissioner = new Map<string, GroupCounter>();
  private readonly endedDays = new DayHistogram();

  constructor(private readonly period?: Period) {}

  add(e: CaseEvaluation): void {
    const p = e.placement;
    if (e.pathway !== 'alternative_provision' || !p) return;
    if (e.status === 'open') {
      this.all.add(p);
      groupIn(this.byProvider, providerKeyOf(p)).add(p);
      groupIn(this.byReason, p.reason).add(p);
      groupIn(this.byCommissioner, p.commissionedBy).add(p);
    } else if (p.endedOn !== null && (!this.period || inPeriod(p.endedOn, this.period))) {
      this.endedDays.add(p.daysInPlacement);
    }
  }

  result(): AlternativeProvisionMeasures {
    const median = this.endedDays.percentile(0.5);
    return {
      ...this.all.result(),
      byProvider: resultsOf(this.byProvider),
      byReason: resultsOf(this.byReason),
      byCommissioner: resultsOf(this.byCommissioner),
      ended: this.endedDays.count,
      medianWeeksInApEnded: median === null ? null : median / 7,
    };
  }
}
