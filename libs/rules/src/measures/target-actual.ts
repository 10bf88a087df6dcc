// Reads the figure a target is set on out of computed measures.
import type { AnnualReviewMeasures } from './annual-review-measures';
import type { AdviceTimeliness, EhcTimeliness } from './ehc-timeliness';
import type { IncludingExcluding } from './share';
import type { TargetMeasure } from './target';
import type { WaitingList } from './waiting-list-measures';

export interface MeasureBundle {
  waitingList?: WaitingList;
  ehc?: EhcTimeliness;
  decisions?: IncludingExcluding;
  advice?: AdviceTimeliness;
  reviews?: AnnualReviewMeasures;
}

export function actualFor(measure: TargetMeasure, m: MeasureBundle): number | null {
  switch (measure) {
    case 'waiting_count':
      return m.waitingList?.waiting ?? null;
    case 'waiting_median_weeks':
      return m.waitingList?.medianWeeks ?? null;
    case 'waiting_p92_weeks':
      return m.waitingList?.p92Weeks ?? null;
    case 'waiting_within_target_pct':
      return m.waitingList?.withinTarget.percent ?? null;
    case 'waiting_over_max_count':
      return m.waitingList?.overMax ?? null;
    case 'seen_median_weeks':
      return m.waitingList?.medianWeeksToContact ?? null;
    case 'final_within_20_weeks_pct':
      return m.ehc?.within20Weeks.including.percent ?? null;
    case 'final_within_20_weeks_ex_pct':
      return m.ehc?.within20Weeks.excluding.percent ?? null;
    case 'decisions_within_6_weeks_pct':
      return m.decisions?.including.percent ?? null;
    case 'advice_within_6_weeks_pct':
      return m.advice?.all.including.percent ?? null;
    case 'meetings_on_time_pct':
      return m.reviews?.meetingsOnTime.percent ?? null;
    case 'review_decisions_within_4_weeks_pct':
      return m.reviews?.decisionsWithin4Weeks.percent ?? null;
    case 'amended_within_12_weeks_pct':
      return m.reviews?.amendedWithin12Weeks.percent ?? null;
    case 'phase_transfers_on_time_pct':
      return m.reviews?.phaseTransfersOnTime.percent ?? null;
  }
}
