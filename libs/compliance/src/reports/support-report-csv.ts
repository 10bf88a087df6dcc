// The SEN support report as CSV: one line per school (its counts by term, the trend test's
// numbers); the AP report: one line per provider, reason and commissioner group.
import type { PlacementGroup } from '@app/rules';
import { csvLine, type CsvCell } from '../common/escape';
import type { AlternativeProvisionReport, SenSupportReport } from './support-report-types';

const table = (header: string[], rows: CsvCell[][]): string => [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';
const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;

export function senSupportCsv(r: SenSupportReport): string {
  const moved = new Map(r.trends.schoolsMoved.map((s) => [s.schoolUrn, s]));
  const none = new Set(r.trends.schoolsWithNone);
  const header = [
    'la',
    'snapshot_on',
    'school_urn',
    ...r.terms.map((t) => t.term),
    'reviews_overdue',
    'history_mean',
    'trend',
    'p_value',
    'none_now',
  ];
  return table(
    header,
    r.schools.map((s) => {
      const t = moved.get(s.schoolUrn);
      const p = t ? Math.min(t.upperP, t.lowerP) : null;
      return [
        r.la,
        r.snapshotOn,
        s.schoolUrn,
        ...s.counts,
        s.reviewOverdue,
        t ? round(t.expected, 1) : null,
        t?.direction ?? 'steady',
        p === null ? null : round(p, 6),
        none.has(s.schoolUrn) ? 'yes' : 'no',
      ];
    }),
  );
}

export function alternativeProvisionCsv(r: AlternativeProvisionReport): string {
  const header = [
    'la',
    'snapshot_on',
    'group',
    'key',
    'open',
    'part_time',
    'part_time_pct',
    `unreviewed_over_${r.thresholds.reviewWeeks}_weeks`,
    `unreviewed_over_${r.thresholds.longWithoutReviewWeeks}_weeks`,
    'mean_hours',
    'median_weeks_in_ap',
  ];
  const line = (group: string, key: string, g: PlacementGroup): CsvCell[] => [
    r.la,
    r.snapshotOn,
    group,
    key,
    g.open,
    g.partTime.count,
    g.partTime.percent,
    g.unreviewedPastReview,
    g.unreviewedPastLong,
    g.meanHours,
    g.medianWeeksInAp === null ? null : round(g.medianWeeksInAp, 1),
  ];
  const p = r.placements;
  if (!p) return table(header, []);
  const groups = (name: string, rec: Record<string, PlacementGroup>) => Object.entries(rec).map(([k, g]) => line(name, k, g));
  return table(header, [
    line('all', 'all', p),
    ...groups('provider', p.byProvider),
    ...groups('reason', p.byReason),
    ...groups('commissioned_by', p.byCommissioner),
  ]);
}
