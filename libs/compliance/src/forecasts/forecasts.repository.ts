import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An open new EHC assessment, who holds it, and its stored fingerprint (any change to the case changes it). */
export interface OpenEhcCase {
  caseRef: string;
  assigneeRef: string | null;
  team: string;
  fingerprint: string;
}

/** Referrals and stops in each 7-day block of the window (0 = oldest), and the list's first referral. */
export interface FlowCounts {
  firstReferral: string | null;
  weeks: { week: number; added: number; removed: number }[];
}

// Set-based reads for the forecasts, over what the worker stores (case_evaluations): a waiting
// case's started_on is its referral and closed_on the day its wait stopped (first contact,
// assessment start, discharge or closure), as libs/rules ListHistoryAccumulator counts them.
// Every statement filters on la_code first.
@Injectable()
export class ForecastsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One statement (JIT compilation is off on every connection: CONNECTION_OPTIONS). */
  private run<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.db.query(sql, params);
  }

  /** Weekly referrals and stops in the `weeks` 7-day blocks ending on asOf. */
  async flowCounts(la: string, pathway: string, asOf: string, weeks: number): Promise<FlowCounts> {
    const start = `($3::date - ($4::int * 7 - 1))`;
    const [[first], counts] = await Promise.all([
      this.run<{ first: string | null }>(
        `SELECT min(started_on)::text AS first FROM case_evaluations
         WHERE la_code = $1 AND pathway = $2 AND started_on <= $3::date`,
        [la, pathway, asOf],
      ),
      this.run<{ week: number; added: number; removed: number }>(
        `SELECT week, count(*) FILTER (WHERE kind = 'a')::int AS added, count(*) FILTER (WHERE kind = 'r')::int AS removed
         FROM (
           SELECT 'a' AS kind, (started_on - ${start}) / 7 AS week FROM case_evaluations
           WHERE la_code = $1 AND pathway = $2 AND started_on BETWEEN ${start} AND $3::date
           UNION ALL
           SELECT 'r', (closed_on - ${start}) / 7 FROM case_evaluations
           WHERE la_code = $1 AND pathway = $2 AND closed_on BETWEEN ${start} AND $3::date AND started_on <= $3::date
         ) f GROUP BY week ORDER BY week`,
        [la, pathway, asOf, weeks],
      ),
    ]);
    return { firstReferral: first?.first ?? null, weeks: counts };
  }

  /**
   * How many wait each number of days on asOf (as the waiting-list report counts them: only a
   * did-not-attend at the first appointment restarts the clock).
   */
  async waitingDays(la: string, pathway: string, asOf: string, dnaRestarts: boolean): Promise<Record<string, number>> {
    const [row] = await this.run<{ days: Record<string, number> }>(
      `SELECT coalesce(json_object_agg(days, n), '{}') AS days FROM (
         SELECT greatest(0, $3::date - clock_start) AS days, count(*)::int AS n FROM (
           SELECT CASE WHEN $4::boolean AND wait_clock_start <= $3::date THEN wait_clock_start ELSE started_on END AS clock_start
           FROM case_evaluations
           WHERE la_code = $1 AND pathway = $2 AND coalesce(closed_on, 'infinity'::date) > $3::date AND started_on <= $3::date) w
         GROUP BY 1) h`,
      [la, pathway, asOf, dnaRestarts],
    );
    return row.days;
  }

  /**
   * The LA's new EHC assessments a forecast as of asOf reads: open on asOf, or ended since `since`
   * (the stage window's start or the year's, whichever is earlier), with each stored fingerprint
   * (what the cache keys on: any change to a case changes it).
   */
  async ehcCaseRefs(la: string, asOf: string, since: string): Promise<{ caseRef: string; fingerprint: string }[]> {
    return this.run<{ caseRef: string; fingerprint: string }>(
      `SELECT case_ref AS "caseRef", fingerprint FROM case_evaluations
       WHERE la_code = $1 AND pathway = 'ehc_assessment' AND started_on <= $2::date
         AND coalesce(closed_on, 'infinity'::date) >= $3::date
       ORDER BY case_ref`,
      [la, asOf, since],
    );
  }

  /** The LA's open new EHC assessments on asOf with who holds each (for the caseworkers' at-risk list). */
  async openEhcCases(la: string, asOf: string): Promise<OpenEhcCase[]> {
    return this.run<OpenEhcCase>(
      `SELECT case_ref AS "caseRef", assignee_ref AS "assigneeRef", team, fingerprint FROM case_evaluations
       WHERE la_code = $1 AND pathway = 'ehc_assessment' AND started_on <= $2::date
         AND coalesce(closed_on, 'infinity'::date) > $2::date
       ORDER BY case_ref`,
      [la, asOf],
    );
  }
}
