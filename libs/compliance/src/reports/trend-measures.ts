// Reads one trend measure out of a stored snapshot: the target measures through libs/rules
// actualFor (so a trend and a target status read the same figure), plus counts the dashboards draw.
import { actualFor, TARGET_MEASURES, type TargetMeasure } from '@app/rules';
import type { SnapshotMeasures } from '../snapshots/snapshot-measures';
import { TREND_EXTRA_MEASURES, type TrendMeasure } from './report-types';

export const TREND_MEASURES: readonly TrendMeasure[] = [...TARGET_MEASURES, ...TREND_EXTRA_MEASURES];

export function trendValue(measure: TrendMeasure, m: SnapshotMeasures): number | null {
  switch (measure) {
    case 'waiting_over_18_weeks_count':
      return m.waitingList?.overWeeks[18] ?? null;
    case 'open_count':
      return m.open?.open ?? null;
    case 'open_overdue_count':
      return m.open?.overdue ?? null;
    case 'ehc_plans_issued':
      return m.ehc?.plansIssued ?? null;
    case 'final_within_20_weeks_count':
      return m.ehc?.within20Weeks.including.count ?? null;
    case 'final_within_20_weeks_ex_count':
      return m.ehc?.within20Weeks.excluding.count ?? null;
    default:
      return actualFor(measure as TargetMeasure, m);
  }
}
