// What the reports' SQL returns (snake_case, as PostgreSQL names the columns), before ReportsService
// hands them to the libs/rules measures (shares, percentiles, bands) and judges the targets.

/** Counts of one "including / excluding exceptions" share, as SQL returns them. */
export interface InclExclCounts {
  hit: number;
  all: number;
  hit_ex: number;
  all_ex: number;
}

export interface EhcCountsRow {
  key: string;
  plans: number;
  plans_ex: number;
  within: number;
  within_ex: number;
  within_year: number;
  within_year_ex: number;
  over_year: number;
  over_year_ex: number;
  /** Days from request to final plan -> how many plans. */
  days: Record<string, number>;
  /** Days from request to final plan summed over the plans without an exception. */
  days_ex_sum: number;
}

export interface AdviceCountsRow extends InclExclCounts {
  service: string;
}

export interface ReviewCounts {
  meetings_hit: number;
  meetings_all: number;
  /** Decisions made in the period on or before their cycle's 12-month review date (review completed). */
  completed_hit: number;
  completed_all: number;
  decisions_hit: number;
  decisions_all: number;
  amended_hit: number;
  amended_all: number;
  transfers: Record<string, number>;
}

export interface WaitCounts {
  /** Days waited so far -> how many still wait that long. */
  waiting_days: Record<string, number>;
  /** Days waited -> how many were seen (first contact / assessment started) after that wait. */
  seen_days: Record<string, number>;
  longest: { la: string; case_ref: string; clock_start: string; days: number }[];
  /** ND only: NICE QS51's referrals whose 3 months ended in the period, and those assessed within them. */
  qs51?: { within: number; of: number };
}

export interface OpenCounts {
  open: number;
  overdue: number;
  final_overdue: number;
  due_soon: number;
  with_exception: number;
  /** Completed weeks since the request -> how many open assessments. */
  weeks: Record<string, number>;
  /** Open cases whose stored evaluation is as of a later date than asOf. */
  evaluated_later: number;
}

export interface TargetRow {
  target_id: number;
  name: string;
  pathway: string;
  measure: string;
  threshold: number;
  comparator: 'lte' | 'gte';
  deadline: string;
  trajectory: { date: string; value: number }[];
  interpolation: 'linear' | 'step';
  /** When the target was stored: its line starts from the figure measured then (target-start.ts). */
  created_at: Date;
}
