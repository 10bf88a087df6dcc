import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RULES_TABLE } from '@app/config';
import type { RulesTable } from '@app/rules';
import type { ReviewCounts } from './report-counts';
import { DONE_COLUMNS, REVIEW_DAYS_SQL, TRANSFER_STATES } from './review-counts.sql';
import { EVALUATED_LAS_SQL } from './open-counts.sql';

/** The cap rule the review counts are counted with (the rules table's annual review periods). */
export interface ReviewCapRule {
  capDays: number;
  capRuleKnown: boolean;
}

export function reviewCapRule(rules: RulesTable): ReviewCapRule {
  const ar = rules.annualReview;
  return { capDays: 7 * ar.amendedPlanMeetingCapWeeks, capRuleKnown: ar.amendedPlanNoticeWeeks !== ar.amendedPlanMeetingCapWeeks };
}

/**
 * The only code that writes `review_counts` and `review_counts_refreshes`: each LA's annual review
 * counts per day, replaced from its stored milestones whenever its stored report counts are
 * refreshed (OpenCountsRepository.refresh, after its milestones change), so a national annual
 * reviews report adds up one row per LA and day instead of probing every review step.
 */
@Injectable()
export class ReviewCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  /**
   * Re-counts one LA's days, inside the caller's transaction (which holds the LA's refresh lock).
   * Only the days whose counts changed are written, and the days left with nothing deleted.
   */
  async refresh(tx: EntityManager, la: string): Promise<void> {
    const { capDays, capRuleKnown } = reviewCapRule(this.rules);
    const columns = [...DONE_COLUMNS, ...TRANSFER_STATES.map((s) => `transfers_${s}`)];
    await tx.query(
      `WITH d AS MATERIALIZED (${REVIEW_DAYS_SQL}),
       gone AS (
         DELETE FROM review_counts s WHERE s.la_code = $1 AND NOT EXISTS (SELECT 1 FROM d WHERE d.on_date = s.on_date)
       )
       INSERT INTO review_counts AS s SELECT * FROM d
       ON CONFLICT (la_code, on_date) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE (${columns.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `excluded.${c}`).join(', ')})`,
      [la, capDays, capRuleKnown],
    );
    await tx.query(
      `INSERT INTO review_counts_refreshes (la_code, cap_days, cap_rule_known) VALUES ($1, $2, $3)
       ON CONFLICT (la_code) DO UPDATE SET cap_days = excluded.cap_days, cap_rule_known = excluded.cap_rule_known, refreshed_at = now()`,
      [la, capDays, capRuleKnown],
    );
  }

  /**
   * The stored counts of the LAs `las` for steps done (and transfers falling due) from `from` to
   * `to`, added up; null unless every LA holding evaluations among them was refreshed with this cap
   * rule (the caller then counts from the milestones).
   */
  async sum(las: string[], from: string, to: string, rule: ReviewCapRule): Promise<ReviewCounts | null> {
    const [missing] = await this.db.query(
      `${EVALUATED_LAS_SQL}
       SELECT count(*)::int AS n FROM evaluated e WHERE e.la_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM review_counts_refreshes r
                         WHERE r.la_code = e.la_code AND r.cap_days = $2 AND r.cap_rule_known = $3)`,
      [las, rule.capDays, rule.capRuleKnown],
    );
    if (missing.n > 0) return null;
    const [row] = await this.db.query(
      `SELECT ${[...DONE_COLUMNS, ...TRANSFER_STATES.map((s) => `transfers_${s}`)]
        .map((c) => `coalesce(sum(${c}), 0)::int AS ${c}`)
        .join(', ')}
       FROM review_counts WHERE la_code = ANY($1::text[]) AND on_date BETWEEN $2::date AND $3::date`,
      [las, from, to],
    );
    const transfers: Record<string, number> = {};
    for (const s of TRANSFER_STATES) if (row[`transfers_${s}`] > 0) transfers[s] = row[`transfers_${s}`];
    return {
      meetings_hit: row.meetings_hit,
      meetings_all: row.meetings_all,
      decisions_hit: row.decisions_hit,
      decisions_all: row.decisions_all,
      completed_hit: row.completed_hit,
      completed_all: row.decisions_all, // every decision made in the period is judged against its meeting
      amended_hit: row.amended_hit,
      amended_all: row.amended_all,
      transfers,
    };
  }
}
