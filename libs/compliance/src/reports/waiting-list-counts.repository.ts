import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction, ONE_LA_SETTINGS, type Queryable } from '@app/database';
import { RULES_TABLE } from '@app/config';
import { addDays, addMonths, type RulesTable } from '@app/rules';
import { EVALUATED_LAS_SQL } from './open-counts.sql';
import type { WaitCounts } from './report-counts';
import { qs51Counts, seenRows, waitingRows } from './wait-counts.sql';

/** The most longest waiters a report asks for (the waiting list query's `longest`), kept per LA. */
export const LONGEST_KEPT = 500;

const PATHWAYS = ['slt', 'neurodevelopmental'];

/** The seen period of a waiting list as of `asOf`: the year to it. */
export const seenFromOf = (asOf: string) => addDays(addMonths(asOf, -12), 1);

// $1 the LA, $2 the pathways, $3 asOf, $4 dnaRestarts, $5 seenFrom, $6 QS51's months, $7 LONGEST_KEPT, $8 the rules key.
const P = { las: 'ARRAY[$1::text]', pathways: '$2', asOf: '$3', dnaRestarts: '$4', seenFrom: '$5', qs51Months: '$6' };
const REFRESH_SQL = `
  WITH w AS MATERIALIZED (${waitingRows(P)}), s AS MATERIALIZED (${seenRows(P)}), q AS (${qs51Counts(P)})
  INSERT INTO waiting_list_counts AS c (la_code, as_of, pathway, rules_key, waiting_days, seen_days, longest, qs51_within, qs51_of)
  SELECT $1, $3::date, pw.pathway, $8,
    coalesce((SELECT jsonb_object_agg(days, n) FROM (
      SELECT days, count(*)::int AS n FROM w WHERE w.pathway = pw.pathway GROUP BY days) h), '{}'),
    coalesce((SELECT jsonb_object_agg(wait_days, n) FROM (
      SELECT wait_days, count(*)::int AS n FROM s WHERE s.pathway = pw.pathway GROUP BY wait_days) h), '{}'),
    coalesce((SELECT jsonb_agg(jsonb_build_object('la', la_code, 'case_ref', case_ref, 'clock_start', clock_start::text, 'days', days)
                ORDER BY days DESC, case_ref)
              FROM (SELECT * FROM w WHERE w.pathway = pw.pathway ORDER BY days DESC, case_ref LIMIT $7) t), '[]'),
    CASE WHEN pw.pathway = 'neurodevelopmental' THEN q.within END, CASE WHEN pw.pathway = 'neurodevelopmental' THEN q.of END
  FROM unnest($2::text[]) AS pw(pathway) CROSS JOIN q
  ON CONFLICT (la_code, as_of, pathway) DO UPDATE SET rules_key = excluded.rules_key, waiting_days = excluded.waiting_days,
    seen_days = excluded.seen_days, longest = excluded.longest, qs51_within = excluded.qs51_within, qs51_of = excluded.qs51_of,
    refreshed_at = now()`;

/**
 * The only code that writes `waiting_list_counts`: each LA's waiting lists as of a date, counted by
 * the report's own row selections (wait-counts.sql.ts) after its referrals' evaluations change
 * (the nightly pass's end for the LA, a recompute that wrote one of its referrals), so England's
 * list adds up one row per LA.
 */
@Injectable()
export class WaitingListCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  /** The rules the counts depend on: a row counted with others is not used. */
  private rulesKey(): string {
    return `dna:${this.rules.waits.dnaRestartsClock}|qs51:${this.rules.waits.qs51Months}`;
  }

  /** Re-counts one LA's lists as of `asOf`: in `tx` (opened with ONE_LA_SETTINGS), else in a transaction of its own. */
  async refresh(la: string, asOf: string, tx?: Queryable): Promise<void> {
    const w = this.rules.waits;
    const count = (q: Queryable) =>
      q.query(REFRESH_SQL, [la, PATHWAYS, asOf, w.dnaRestartsClock, seenFromOf(asOf), w.qs51Months, LONGEST_KEPT, this.rulesKey()]);
    if (tx) await count(tx);
    else await inTransaction(this.db, { local: ONE_LA_SETTINGS }, count);
  }

  /**
   * The stored lists of the LAs `las` for `pathway` as of `asOf`, added up, with the `longest`
   * longest waiters among them; null unless every LA holding evaluations among them has its row for
   * that date counted with these rules (the caller then counts from the evaluations).
   */
  async sum(las: string[], pathway: string, asOf: string, longest: number): Promise<WaitCounts | null> {
    if (longest > LONGEST_KEPT) return null;
    const [missing] = await this.db.query(
      `${EVALUATED_LAS_SQL}
       SELECT count(*)::int AS n FROM evaluated e WHERE e.la_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM waiting_list_counts s
                         WHERE s.la_code = e.la_code AND s.as_of = $2::date AND s.pathway = $3 AND s.rules_key = $4)`,
      [las, asOf, pathway, this.rulesKey()],
    );
    if (missing.n > 0) return null;
    // The LAs' rows, with what each count unfolds from them.
    const from = (unfold = '') =>
      `FROM waiting_list_counts s${unfold} WHERE s.la_code = ANY($1::text[]) AND s.as_of = $2::date AND s.pathway = $3`;
    const [row] = await this.db.query(
      `SELECT
         (SELECT coalesce(jsonb_object_agg(k, n), '{}') FROM (
            SELECT d.key AS k, sum(d.value::int)::int AS n ${from(', jsonb_each_text(s.waiting_days) d')}
            GROUP BY d.key) h) AS waiting_days,
         (SELECT coalesce(jsonb_object_agg(k, n), '{}') FROM (
            SELECT d.key AS k, sum(d.value::int)::int AS n ${from(', jsonb_each_text(s.seen_days) d')} GROUP BY d.key) h) AS seen_days,
         (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.days DESC, t.la COLLATE "C", t.case_ref COLLATE "C"), '[]') FROM (
            SELECT x.la, x.case_ref, x.clock_start, x.days
            ${from(', jsonb_to_recordset(s.longest) AS x(la text, case_ref text, clock_start text, days int)')}
            ORDER BY x.days DESC, x.la COLLATE "C", x.case_ref COLLATE "C" LIMIT $4) t) AS longest,
         (SELECT jsonb_build_object('within', coalesce(sum(qs51_within), 0)::int, 'of', coalesce(sum(qs51_of), 0)::int) ${from()}) AS qs51`,
      [las, asOf, pathway, longest],
    );
    return {
      waiting_days: row.waiting_days,
      seen_days: row.seen_days,
      longest: row.longest,
      ...(pathway === 'neurodevelopmental' ? { qs51: row.qs51 } : {}),
    };
  }
}
