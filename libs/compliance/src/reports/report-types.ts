// The reports as plain typed rows: what ReportsService returns, the API serves (JSON or CSV) and the
// dashboard pages draw. Shares and "including/excluding exceptions" pairs are the libs/rules
// shapes, so a report row and the rules accumulator's result compare field by field.
import type {
  AdviceService,
  AnnualReviewMeasures,
  EhcTimeliness,
  IncludingExcluding,
  IsoDate,
  OpenAssessments,
  Pathway,
  Rag,
  TargetMeasure,
  WaitingList,
  WaitPathway,
} from '@app/rules';

/** Which LAs a report covers: one or several LA codes, or every LA (England) when absent or empty. */
export interface LaScope {
  las?: string[];
}

/** A reporting period, both ends inclusive. */
export interface PeriodQuery extends LaScope {
  from: IsoDate;
  to: IsoDate;
}

/** 'total': one row; 'la': a row per LA; 'month': per calendar month of issue; 'need': per SEN2 primary need. */
export const EHC_GROUPINGS = ['total', 'la', 'month', 'need'] as const;
export type EhcGrouping = (typeof EHC_GROUPINGS)[number];

export interface EhcTimelinessQuery extends PeriodQuery {
  by?: EhcGrouping;
  /** Only plans of this SEN2 primary need ('unknown' for none given); by month and one need gives a need's monthly trend. */
  needCode?: string;
}

/** EHC timeliness as the DfE publishes it (the libs/rules measure), for new plans issued in the period. */
export interface EhcTimelinessRow extends Omit<EhcTimeliness, 'period'> {
  /** 'total', an LA code, a month 'YYYY-MM', or a need code ('unknown' when none was given). */
  key: string;
}

export interface EhcTimelinessReport {
  /** The LAs asked for, or null for every LA. */
  las: string[] | null;
  from: IsoDate;
  to: IsoDate;
  by: EhcGrouping;
  /** The need filter, or null for every need. */
  needCode: string | null;
  rows: EhcTimelinessRow[];
}

/** Advice returned in the period within 6 weeks of its request, for one service (or 'all'). */
export interface AdviceTimelinessRow extends IncludingExcluding {
  service: AdviceService | 'all';
}

export interface StageTimelinessReport {
  las: string[] | null;
  from: IsoDate;
  to: IsoDate;
  /** Decisions whether to assess made in the period within 6 weeks of the request (reg 5(1)). */
  decisions: IncludingExcluding;
  /** Every advice service, then 'all'; services with no advice returned in the period show 0 of 0. */
  advice: AdviceTimelinessRow[];
}

export interface AnnualReviewsReport extends Omit<AnnualReviewMeasures, 'period'> {
  las: string[] | null;
  from: IsoDate;
  to: IsoDate;
}

export interface WaitingListQuery extends LaScope {
  pathway: WaitPathway;
  /** Default: today (Europe/London). */
  asOf?: IsoDate;
  /** How many of the longest waiters to list (default 20, at most 500). */
  longest?: number;
}

export interface LongestWaiter {
  la: string;
  caseRef: string;
  clockStartOn: IsoDate;
  daysWaited: number;
  completedWeeks: number;
}

/** A target of the LA on this pathway, judged on the report's figures as of its date. */
export interface ReportTargetStatus {
  targetId: number;
  name: string;
  measure: TargetMeasure;
  comparator: 'lte' | 'gte';
  threshold: number;
  deadline: IsoDate;
  expected: number;
  actual: number | null;
  status: Rag | null;
  /**
   * The line it asks the figure to follow: from its start (the figure measured when it was set, or
   * its own first point), through its interim points, to the threshold at the deadline.
   */
  trajectory: (TrendPoint & { value: number })[];
}

/** The libs/rules waiting-list measure as of a date, with what the report adds. */
export interface WaitingListReport extends WaitingList {
  las: string[] | null;
  asOf: IsoDate;
  over18Weeks: number;
  over52Weeks: number;
  /** Targets of the LA on this pathway (only when the report covers one LA). */
  targets: ReportTargetStatus[];
  /** Case references only, longest first. */
  longestWaiters: LongestWaiter[];
}

export interface OpenAssessmentsQuery extends LaScope {
  /** Default: today (Europe/London). */
  asOf?: IsoDate;
}

/** The libs/rules open-assessments measure as of a date. */
export interface OpenAssessmentsReport extends OpenAssessments {
  las: string[] | null;
  asOf: IsoDate;
}

/** Measures a trend can follow: every target measure plus a few counts the dashboards draw. */
export const TREND_EXTRA_MEASURES = [
  'waiting_over_18_weeks_count',
  'open_count',
  'open_overdue_count',
  'ehc_plans_issued',
  'final_within_20_weeks_count',
  'final_within_20_weeks_ex_count',
] as const;
export type TrendMeasure = TargetMeasure | (typeof TREND_EXTRA_MEASURES)[number];

export interface TrendQuery {
  la: string;
  pathway: Pathway;
  measures: TrendMeasure[];
  from: IsoDate;
  to: IsoDate;
  /** A SEN2 primary need code or 'unknown'; default 'all'. */
  needCode?: string;
}

export interface TrendPoint {
  on: IsoDate;
  value: number | null;
}

export interface TrendSeries {
  measure: TrendMeasure;
  points: TrendPoint[];
  /** The LA's targets on this pathway and measure, with the trajectory value at each point's date. */
  targets: {
    targetId: number;
    name: string;
    comparator: 'lte' | 'gte';
    threshold: number;
    deadline: IsoDate;
    expected: TrendPoint[];
    /** The line from its start to the threshold at the deadline (ReportTargetStatus.trajectory). */
    trajectory: (TrendPoint & { value: number })[];
  }[];
}

/** From the nightly measure_snapshots: EHC and review figures there are over the 12 months to each date. */
export interface TrendReport {
  la: string;
  pathway: Pathway;
  needCode: string;
  from: IsoDate;
  to: IsoDate;
  series: TrendSeries[];
}
