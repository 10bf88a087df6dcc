import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { INTERNAL_TARGET_KINDS } from '@app/rules';
import type { AdviceCountsRow, EhcCountsRow, InclExclCounts, OpenCounts, ReviewCounts, TargetRow, WaitCounts } from './report-counts';
import { OPEN_COUNTS_SQL } from './open-counts.sql';
import { qs51Counts, seenRows, waitingRows } from './wait-counts.sql';
import type { EhcGrouping } from './report-types';

export type { AdviceCountsRow, EhcCountsRow, InclExclCounts, OpenCounts, ReviewCounts, TargetRow, WaitCounts };

// Set-based SQL over what the worker stores (case_milestones, case_evaluations), the targets and
// the nightly measure_snapshots. It only counts (histograms of days where a median or percentile is
// wanted); libs/rules turns the counts into the measures. What is counted follows the libs/rules
// accumulators (proved in test/reports-api.e2e-spec.ts):
// - a step is on time when done_on <= due_on, exempt or not; "excluding exceptions" drops exempt steps;
// - EHC timeliness counts final_plan milestones (new assessments only: reassessments have their own
//   kind) done in the period, timed from their clock start, the request date (the evaluation's
//   started_on); "within a year" is the request date plus ehc.timelinessYearMonths,
//   clamped to the month end as PostgreSQL's date + interval and libs/rules addMonths both do.
// Every statement filters on la_code first ($1 text[]; the service names every LA for a national report).

const KEY_OF: Record<EhcGrouping, string> = {
  total: `'total'`,
  la: `m.la_code`,
  month: `to_char(m.done_on, 'YYYY-MM')`,
  need: `coalesce(ce.need_code, 'unknown')`,
};

const INCL_EXCL = (onTime: string) => `
  count(*) FILTER (WHERE ${onTime})::int AS hit, count(*)::int AS all,
  count(*) FILTER (WHERE ${onTime} AND m.state <> 'exempt')::int AS hit_ex,
  count(*) FILTER (WHERE m.state <> 'exempt')::int AS all_ex`;

// EHC timeliness counts over the plans p, each with the condition it counts.
const EHC_COUNTS: [name: string, where: string | null][] = [
  ['plans', null],
  ['plans_ex', 'counted_ex'],
  ['within', 'on_time'],
  ['within_ex', 'on_time AND counted_ex'],
  ['within_year', 'NOT on_time AND NOT over_year'],
  ['within_year_ex', 'NOT on_time AND NOT over_year AND counted_ex'],
  ['over_year', 'over_year'],
  ['over_year_ex', 'over_year AND counted_ex'],
];
const EHC_COUNTED = EHC_COUNTS.map(([name, where]) => `count(*)${where ? ` FILTER (WHERE ${where})` : ''}::int AS ${name}`).join(', ');

// ... and how many plans took each number of days. Few keys (a total, months, needs): counted per
// key and day, then summed per key. By LA: one LA's days at a time, since every LA's days in one hash
// table outgrow work_mem at national scale (153 LAs x ~700 distinct days).
// days_ex_sum: the days of plans without an exception, summed (the excluding mean); float8 so the
// driver gives a number, exact for integers this size.
const EHC_BY_DAYS = `, d AS (SELECT key, days, ${EHC_COUNTED} FROM p GROUP BY key, days)
  SELECT key, ${EHC_COUNTS.map(([name]) => `sum(${name})::int AS ${name}`).join(', ')}, json_object_agg(days, plans) AS days,
    coalesce(sum(days * plans_ex), 0)::float8 AS days_ex_sum
  FROM d GROUP BY key ORDER BY key`;
const EHC_BY_LA = `SELECT key, ${EHC_COUNTED}, coalesce(sum(days) FILTER (WHERE counted_ex), 0)::float8 AS days_ex_sum,
    (SELECT json_object_agg(d, n) FROM (SELECT d, count(*)::int AS n FROM unnest(array_agg(days)) d GROUP BY d) h) AS days
  FROM p GROUP BY key ORDER BY key`;

/** The only code that reads for reports. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One report statement (JIT compilation is off on every connection: CONNECTION_OPTIONS). */
  private run<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    return this.db.query(sql, params);
  }

  /**
   * Every LA's code: a report for all LAs names them, so each statement probes the la_code-led
   * indexes once per LA instead of scanning the table (PostgreSQL 15 has no skip scan).
   */
  async allLaCodes(): Promise<string[]> {
    const [row] = await this.db.query(`SELECT coalesce(array_agg(la_code ORDER BY la_code), '{}') AS codes FROM local_authorities`);
    return row.codes;
  }

  async ehcCounts(
    las: string[] | null,
    from: string,
    to: string,
    by: EhcGrouping,
    yearMonths: number,
    needCode: string | null,
  ): Promise<EhcCountsRow[]> {
    // A final plan's clock starts on the request date, so the evaluation (for the need) is joined only when asked for.
    const needed = by === 'need' || needCode !== null;
    const rows = await this.run<EhcCountsRow>(
      `WITH p AS (
         SELECT ${KEY_OF[by]} AS key, m.state <> 'exempt' AS counted_ex, m.done_on <= m.due_on AS on_time,
           m.done_on > (m.clock_from + make_interval(months => $4::int))::date AS over_year,
           m.done_on - m.clock_from AS days
         FROM case_milestones m
         ${needed ? 'JOIN case_evaluations ce ON ce.la_code = m.la_code AND ce.case_ref = m.case_ref' : ''}
         WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind = 'final_plan'
           AND m.done_on BETWEEN $2::date AND $3::date
           ${needed ? `AND ($5::text IS NULL OR coalesce(ce.need_code, 'unknown') = $5)` : 'AND $5::text IS NULL'}
         OFFSET 0 -- a fence: each plan's flags are worked out once, not once per FILTER that reads them
       )
       ${by === 'la' ? EHC_BY_LA : EHC_BY_DAYS}`,
      [las, from, to, yearMonths, needCode],
    );
    return rows;
  }

  /** Decisions whether to assess (new assessments) made in the period, on time or not. */
  async decisionCounts(las: string[] | null, from: string, to: string): Promise<InclExclCounts> {
    const [row] = await this.run<InclExclCounts>(
      `SELECT ${INCL_EXCL('m.done_on <= m.due_on')} FROM case_milestones m
       WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind = 'decision_to_assess'
         AND m.done_on BETWEEN $2::date AND $3::date`,
      [las, from, to],
    );
    return row;
  }

  /** Advice returned in the period, per service. */
  async adviceCounts(las: string[] | null, from: string, to: string): Promise<AdviceCountsRow[]> {
    return this.run<AdviceCountsRow>(
      `SELECT m.service, ${INCL_EXCL('m.done_on <= m.due_on')} FROM case_milestones m
       WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind = 'advice' AND m.pathway = 'ehc_assessment'
         AND m.done_on BETWEEN $2::date AND $3::date
       GROUP BY m.service ORDER BY m.service`,
      [las, from, to],
    );
  }

  /**
   * Review meetings and decisions done in the period on time; decisions made in the period on or
   * before their cycle's 12-month review date (the meeting's due day: review completed, reg 20(10));
   * amended plans issued in the period
   * within the cap of their cycle's meeting; phase transfers falling due in the period by state.
   * One pass over the steps done. An amended plan done by its due day is within the cap (its due
   * day is never later than meeting + cap); one late against a cap-based due day is not; only one
   * late against an amendment-notice due day needs its meeting's date (looked up by key).
   * `capRuleKnown` is false when notice and cap periods are equal and the due day cannot tell them apart.
   */
  async reviewCounts(las: string[] | null, from: string, to: string, capDays: number, capRuleKnown: boolean): Promise<ReviewCounts> {
    const [[row], [late], [completed], transfers] = await Promise.all([
      this.run<Omit<ReviewCounts, 'transfers' | 'completed_hit' | 'completed_all'>>(
        `SELECT
           count(*) FILTER (WHERE m.kind = 'review_meeting' AND m.done_on <= m.due_on)::int AS meetings_hit,
           count(*) FILTER (WHERE m.kind = 'review_meeting')::int AS meetings_all,
           count(*) FILTER (WHERE m.kind = 'review_decision' AND m.done_on <= m.due_on)::int AS decisions_hit,
           count(*) FILTER (WHERE m.kind = 'review_decision')::int AS decisions_all,
           count(*) FILTER (WHERE m.kind = 'amended_plan' AND m.done_on <= m.due_on)::int AS amended_hit,
           count(*) FILTER (WHERE m.kind = 'amended_plan')::int AS amended_all
         FROM case_milestones m
         WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind IN ('review_meeting', 'review_decision', 'amended_plan')
           AND m.done_on BETWEEN $2::date AND $3::date`,
        [las, from, to],
      ),
      // Amended plans late against a notice-based due day may still be within the cap of their meeting.
      this.run<{ hit: number }>(
        // LATERAL ... LIMIT 1: one primary-key probe per late plan (a hash join would read every meeting).
        `SELECT count(*)::int AS hit FROM case_milestones m
         CROSS JOIN LATERAL (
           SELECT x.done_on FROM case_milestones x
           WHERE x.la_code = m.la_code AND x.case_ref = m.case_ref
             AND x.milestone_key = 'review_meeting.' || m.cycle AND x.kind = 'review_meeting'
           LIMIT 1) x
         WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind = 'amended_plan' AND m.done_on BETWEEN $2::date AND $3::date
           AND m.done_on > m.due_on AND NOT ($5::boolean AND m.due_on - m.clock_from = $4::int)
           AND m.done_on - x.done_on <= $4::int`,
        [las, from, to, capDays, capRuleKnown],
      ),
      // Review completed: the decision against its own cycle's review meeting due day (one probe each).
      this.run<{ completed_hit: number; completed_all: number }>(
        `SELECT count(*) FILTER (WHERE m.done_on <= x.due_on)::int AS completed_hit, count(*)::int AS completed_all
         FROM case_milestones m
         LEFT JOIN LATERAL (
           SELECT x.due_on FROM case_milestones x
           WHERE x.la_code = m.la_code AND x.case_ref = m.case_ref
             AND x.milestone_key = 'review_meeting.' || m.cycle AND x.kind = 'review_meeting'
           LIMIT 1) x ON true
         WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind = 'review_decision'
           AND m.done_on BETWEEN $2::date AND $3::date`,
        [las, from, to],
      ),
      this.run<{ state: string; n: number }>(
        `SELECT m.state, count(*)::int AS n FROM case_milestones m
         WHERE ($1::text[] IS NULL OR m.la_code = ANY($1::text[])) AND m.kind = 'phase_transfer' AND m.due_on BETWEEN $2::date AND $3::date
         GROUP BY m.state`,
        [las, from, to],
      ),
    ]);
    row.amended_hit += late.hit;
    return { ...row, ...completed, transfers: Object.fromEntries(transfers.map((t) => [t.state, t.n])) };
  }

  /**
   * Who was waiting on `asOf` and for how long, and (ND) NICE QS51's counts. Only a "did not attend"
   * at the first appointment restarts the clock (libs/rules waiting-list.ts), so the stored clock
   * start is that DNA or the referral; as of an earlier day than that DNA, the clock ran from the
   * referral (no other standing DNA can precede it before the stop). No event needs reading.
   */
  async waitCounts(
    las: string[] | null,
    pathway: string,
    asOf: string,
    seenFrom: string,
    dnaRestarts: boolean,
    longest: number,
    qs51Months: number,
  ): Promise<WaitCounts> {
    const none = 'NULL';
    const waiting = waitingRows({
      las: '$1',
      pathways: 'ARRAY[$2::text]',
      asOf: '$3',
      dnaRestarts: '$4',
      seenFrom: none,
      qs51Months: none,
    });
    const seenSql = seenRows({ las: '$1', pathways: 'ARRAY[$2::text]', asOf: '$3', seenFrom: '$4', dnaRestarts: none, qs51Months: none });
    const qs51Sql = qs51Counts({ las: '$1', asOf: '$2', seenFrom: '$3', qs51Months: '$4', pathways: none, dnaRestarts: none });
    // Small statements side by side (a fourth, QS51, for ND): one scan each, no materialised intermediate.
    const [[waits], top, [seen], qs51] = await Promise.all([
      // How many wait each number of days: libs/rules takes percentiles, bands and targets from it.
      this.run<{ days: Record<string, number> }>(
        `SELECT coalesce(json_object_agg(days, n), '{}') AS days
         FROM (SELECT days, count(*)::int AS n FROM (${waiting}) d GROUP BY days) h`,
        [las, pathway, asOf, dnaRestarts],
      ),
      this.run<WaitCounts['longest'][number]>(
        `SELECT la_code AS la, case_ref, clock_start::text, days FROM (${waiting}) d ORDER BY days DESC, la_code, case_ref LIMIT $5`,
        [las, pathway, asOf, dnaRestarts, longest],
      ),
      this.run<{ days: Record<string, number> }>(
        `SELECT coalesce(json_object_agg(wait_days, n), '{}') AS days FROM (
           SELECT wait_days, count(*)::int AS n FROM (${seenSql}) s GROUP BY wait_days) h`,
        [las, pathway, asOf, seenFrom],
      ),
      pathway === 'neurodevelopmental'
        ? this.run<{ within: number; of: number }>(qs51Sql, [las, asOf, seenFrom, qs51Months]).then(([r]) => r)
        : null,
    ]);
    return { waiting_days: waits.days, seen_days: seen.days, longest: top, ...(qs51 ? { qs51 } : {}) };
  }

  /**
   * Open EHC assessments on `asOf`: requested by then and not closed by then. A step counts as of
   * `asOf` when its clock had started; it is overdue when not done by then, past due and not exempt.
   * Internal targets (INTERNAL_TARGET_KINDS: the 16-week draft) never make a case overdue.
   */
  async openCounts(las: string[] | null, asOf: string, dueWithinDays: number): Promise<OpenCounts> {
    const [row] = await this.run<OpenCounts>(OPEN_COUNTS_SQL, [las, asOf, dueWithinDays, INTERNAL_TARGET_KINDS]);
    return row;
  }

  async targets(la: string, pathway: string, measures?: string[]): Promise<TargetRow[]> {
    const rows = await this.db.query(
      `SELECT target_id::int, name, pathway, measure, threshold, comparator, deadline::text AS deadline, trajectory, interpolation,
         created_at
       FROM targets WHERE la_code = $1 AND pathway = $2 AND ($3::text[] IS NULL OR measure = ANY($3::text[]))
       ORDER BY target_id`,
      [la, pathway, measures ?? null],
    );
    return rows;
  }
}
