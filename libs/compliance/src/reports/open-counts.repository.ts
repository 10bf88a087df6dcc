import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { INTERNAL_TARGET_KINDS } from '@app/rules';
import { OPEN_COUNTS_SQL } from './open-counts.sql';
import type { OpenCounts } from './report-counts';

const COUNTS = ['open', 'overdue', 'final_overdue', 'due_soon', 'with_exception', 'evaluated_later'] as const;

/**
 * The only code that writes `open_assessment_counts`: each LA's open EHC assessments as of a date,
 * counted by the report's own statement, so England's figure is a sum of stored rows. A refresh
 * runs after its LA's milestones are committed, one at a time per LA (an advisory lock), each
 * statement seeing every commit before it: the last refresh after the last write holds the truth.
 */
@Injectable()
export class OpenCountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async refresh(la: string, asOf: string, dueWithinDays: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SET LOCAL jit = off');
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('open_assessment_counts:' || $1))`, [la]);
      await tx.query(
        `INSERT INTO open_assessment_counts (la_code, as_of, ${COUNTS.join(', ')}, weeks)
         SELECT $5::text, $2::date, ${COUNTS.map((c) => `c.${c}`).join(', ')}, c.weeks FROM (${OPEN_COUNTS_SQL}) c
         ON CONFLICT (la_code, as_of) DO UPDATE SET ${COUNTS.map((c) => `${c} = excluded.${c}`).join(', ')},
           weeks = excluded.weeks, refreshed_at = now()`,
        [[la], asOf, dueWithinDays, INTERNAL_TARGET_KINDS, la],
      );
    });
  }

  /**
   * The stored counts of the LAs `las` as of `asOf`, added up; null unless every LA holding
   * evaluations among them has its row for that date (the caller then counts from the milestones).
   */
  async sum(las: string[], asOf: string): Promise<OpenCounts | null> {
    const [missing] = await this.db.query(
      `WITH RECURSIVE evaluated AS (
         (SELECT la_code FROM case_evaluations WHERE la_code = ANY($1::text[]) ORDER BY la_code LIMIT 1)
         UNION ALL
         SELECT (SELECT c.la_code FROM case_evaluations c WHERE c.la_code = ANY($1::text[]) AND c.la_code > e.la_code
                 ORDER BY c.la_code LIMIT 1)
         FROM evaluated e WHERE e.la_code IS NOT NULL
       )
       SELECT count(*)::int AS n FROM evaluated e WHERE e.la_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM open_assessment_counts s WHERE s.la_code = e.la_code AND s.as_of = $2::date)`,
      [las, asOf],
    );
    if (missing.n > 0) return null;
    const [row] = await this.db.query(
      `SELECT ${COUNTS.map((c) => `coalesce(sum(${c}), 0)::int AS ${c}`).join(', ')},
         (SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb) FROM (
            SELECT w.key AS k, sum(w.value::int)::int AS n FROM open_assessment_counts s, jsonb_each_text(s.weeks) w
            WHERE s.la_code = ANY($1::text[]) AND s.as_of = $2::date GROUP BY w.key) h) AS weeks
       FROM open_assessment_counts WHERE la_code = ANY($1::text[]) AND as_of = $2::date`,
      [las, asOf],
    );
    return row as OpenCounts;
  }
}
