// Each report as CSV (RFC 4180, CRLF): one header line, one line per row, through csvLine so a cell
// a spreadsheet would run as a formula is neutralised. Used by the API (format=csv) and the pages.
import type { IncludingExcluding } from '@app/rules';
import { csvLine, type CsvCell } from '../common/escape';
import type {
  AnnualReviewsReport,
  EhcTimelinessReport,
  OpenAssessmentsReport,
  StageTimelinessReport,
  TrendReport,
  WaitingListReport,
} from './report-types';

const table = (header: string[], rows: CsvCell[][]): string => [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';
const lasOf = (las: string[] | null): string => (las ? las.join(' ') : 'all');

/** count, of, percent for including then excluding exceptions. */
const ieHeader = (name: string) => [`${name}`, `${name}_of`, `${name}_pct`, `${name}_ex`, `${name}_ex_of`, `${name}_ex_pct`];
const ieCells = (s: IncludingExcluding): CsvCell[] => [
  s.including.count,
  s.including.of,
  s.including.percent,
  s.excluding.count,
  s.excluding.of,
  s.excluding.percent,
];

export function ehcTimelinessCsv(r: EhcTimelinessReport): string {
  const header = [
    'las',
    'from',
    'to',
    r.by,
    'plans_issued',
    'plans_issued_ex',
    'within_20_weeks',
    'within_20_weeks_pct',
    'within_20_weeks_ex',
    'within_20_weeks_ex_pct',
    'after_20_weeks_within_year',
    'after_20_weeks_within_year_pct',
    'after_20_weeks_within_year_ex',
    'after_20_weeks_within_year_ex_pct',
    'over_year',
    'over_year_pct',
    'over_year_ex',
    'over_year_ex_pct',
    'mean_weeks',
    'median_weeks',
    'mean_weeks_ex',
  ];
  return table(
    header,
    r.rows.map((x) => [
      lasOf(r.las),
      r.from,
      r.to,
      x.key,
      x.plansIssued,
      x.plansIssuedExcludingExceptions,
      x.within20Weeks.including.count,
      x.within20Weeks.including.percent,
      x.within20Weeks.excluding.count,
      x.within20Weeks.excluding.percent,
      x.after20WeeksWithinYear.including.count,
      x.after20WeeksWithinYear.including.percent,
      x.after20WeeksWithinYear.excluding.count,
      x.after20WeeksWithinYear.excluding.percent,
      x.overYear.including.count,
      x.overYear.including.percent,
      x.overYear.excluding.count,
      x.overYear.excluding.percent,
      x.meanWeeks,
      x.medianWeeks,
      x.meanWeeksExcludingExceptions,
    ]),
  );
}

export function stageTimelinessCsv(r: StageTimelinessReport): string {
  const rows: CsvCell[][] = [[lasOf(r.las), r.from, r.to, 'decision_to_assess', '', ...ieCells(r.decisions)]];
  for (const a of r.advice) rows.push([lasOf(r.las), r.from, r.to, 'advice', a.service, ...ieCells(a)]);
  return table(['las', 'from', 'to', 'stage', 'service', ...ieHeader('within_6_weeks')], rows);
}

export function annualReviewsCsv(r: AnnualReviewsReport): string {
  const rows: CsvCell[][] = [
    ['meetings_on_time', r.meetingsOnTime.count, r.meetingsOnTime.of, r.meetingsOnTime.percent],
    [
      'reviews_completed_within_12_months',
      r.reviewsCompletedWithin12Months.count,
      r.reviewsCompletedWithin12Months.of,
      r.reviewsCompletedWithin12Months.percent,
    ],
    ['decisions_within_4_weeks', r.decisionsWithin4Weeks.count, r.decisionsWithin4Weeks.of, r.decisionsWithin4Weeks.percent],
    ['amended_within_12_weeks', r.amendedWithin12Weeks.count, r.amendedWithin12Weeks.of, r.amendedWithin12Weeks.percent],
    ['phase_transfers_on_time', r.phaseTransfersOnTime.count, r.phaseTransfersOnTime.of, r.phaseTransfersOnTime.percent],
  ];
  return table(
    ['las', 'from', 'to', 'measure', 'count', 'of', 'percent'],
    rows.map((x) => [lasOf(r.las), r.from, r.to, ...x]),
  );
}

/** Figures first (measure,value), then the longest waiters (measure 'longest_waiter', value = case ref). */
export function waitingListCsv(r: WaitingListReport): string {
  const rows: CsvCell[][] = [
    ['waiting', r.waiting],
    ['median_weeks', r.medianWeeks],
    ['p92_weeks', r.p92Weeks],
    ...Object.entries(r.bands).map(([band, n]): CsvCell[] => [`band_${band}_weeks`, n]),
    ['over_18_weeks', r.over18Weeks],
    ['over_52_weeks', r.over52Weeks],
    ['within_target_pct', r.withinTarget.percent],
    ['seen_12_months', r.seen],
    ['median_weeks_to_contact', r.medianWeeksToContact],
    // ND: NICE QS51, assessment started within 3 months of referral (value %, detail: count of referrals due).
    ...(r.qs51 ? [['qs51_within_3_months_pct', r.qs51.percent, r.qs51.count, r.qs51.of] as CsvCell[]] : []),
    ...r.targets.map((t): CsvCell[] => [`target:${t.name}`, t.actual, t.expected, t.status]),
    ...r.longestWaiters.map((l): CsvCell[] => ['longest_waiter', l.caseRef, l.la, l.completedWeeks]),
  ];
  return table(
    ['las', 'pathway', 'as_of', 'measure', 'value', 'detail', 'weeks_or_status'],
    rows.map((x) => [lasOf(r.las), r.pathway, r.asOf, ...x, ...Array(4 - x.length).fill('')]),
  );
}

export function openAssessmentsCsv(r: OpenAssessmentsReport): string {
  const rows: CsvCell[][] = [
    ['open', r.open],
    ['overdue', r.overdue],
    ['final_plan_overdue', r.finalPlanOverdue],
    ['due_in_2_weeks', r.dueSoon],
    ['with_exception', r.withException],
    ...Object.entries(r.ageBands).map(([band, n]): CsvCell[] => [`age_${band}_weeks`, n]),
  ];
  return table(
    ['las', 'as_of', 'measure', 'value'],
    rows.map((x) => [lasOf(r.las), r.asOf, ...x]),
  );
}

/** One line per measure and date: the actual value and each target's expected value. */
export function trendCsv(r: TrendReport): string {
  const rows: CsvCell[][] = [];
  for (const s of r.series) {
    for (const [i, p] of s.points.entries()) {
      const expected = s.targets.map((t) => t.expected[i]?.value ?? null);
      rows.push([r.la, r.pathway, r.needCode, s.measure, p.on, p.value, expected.length ? expected[0] : null]);
    }
  }
  return table(['la', 'pathway', 'need_code', 'measure', 'on', 'value', 'target_expected'], rows);
}
