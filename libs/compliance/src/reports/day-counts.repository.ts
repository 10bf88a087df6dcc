import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Queryable } from '@app/database';
import { RULES_TABLE } from '@app/config';
import type { RulesTable } from '@app/rules';
import { addDays, addMonths, ADVICE_SERVICES } from '@app/rules';
import type { AdviceCountsRow, InclExclCounts, ReviewCounts } from './report-counts';
import {
  DONE_COLUMNS,
  REVIEW_DAYS_SQL,
  REVIEW_SOME_DAYS_SQL,
  STAGE_COLUMNS,
  STAGE_DAYS_SQL,
  STAGE_SOME_DAYS_SQL,
  STAGE_SHARES,
  TRANSFER_STATES,
} from './day-counts.sql';

import { EVALUATED_LAS_SQL } from './open-counts.sql';

/** An LA's steps over a period by need, as the snapshot's own statements count them (SnapshotCountsRepository). */
export interface NeedDayCounts {
  reviews: ({ need: string } & Record<(typeof DONE_COLUMNS)[number], number>)[];
  steps: ({ need: string; kind: 'decision_to_assess' | 'advice'; service: string | null } & InclExclCounts)[];
}

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
 * Writes a day-count table's rows (a day and need) of one LA that differ from `d` (a CTE), and
 * deletes the rows `d` no longer has: on any day, or only on the days in the parameter `days`
 * (e.g. '$4') when `d` counted those.
 */
const upsertDays = (table: string, sql: string, columns: readonly string[], days: string | null) => `WITH d AS MATERIALIZED (${sql}),
       gone AS (
         DELETE FROM ${table} s WHERE s.la_code = $1${days ? ` AND s.on_date = ANY(${days}::date[])` : ''}
           AND NOT EXISTS (SELECT 1 FROM d WHERE d.on_date = s.on_date AND d.need = s.need)
       )
       INSERT INTO ${table} AS s SELECT * FROM d
       ON CONFLICT (la_code, on_date, need) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE (${columns.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `excluded.${c}`).join(', ')})`;

const REVIEW_COLUMNS = [...DONE_COLUMNS, ...TRANSFER_STATES.map((s) => `transfers_${s}`)];
const UPSERT_REVIEW_DAYS = upsertDays('review_counts', REVIEW_DAYS_SQL, REVIEW_COLUMNS, null);
const UPSERT_REVIEW_SOME_DAYS = upsertDays('review_counts', REVIEW_SOME_DAYS_SQL, REVIEW_COLUMNS, '$4');
const UPSERT_STAGE_DAYS = upsertDays('stage_counts', STAGE_DAYS_SQL, STAGE_COLUMNS, null);
const UPSERT_STAGE_SOME_DAYS = upsertDays('stage_counts', STAGE_SOME_DAYS_SQL, STAGE_COLUMNS, '$2');

/** The months holding the days in $2. */
const MONTHS_OF_DAYS = `array(SELECT DISTINCT date_trunc('month', d)::date FROM unnest($2::date[]) d)`;

/**
 * One LA's months of stage_months added up again from its days ($1), every need together: every
 * month, or those holding the days in $2. A month left with no day is deleted.
 */
const monthsOf = (some: boolean) => `WITH m AS MATERIALIZED (
         SELECT s.la_code, date_trunc('month', s.on_date)::date AS month, ${STAGE_COLUMNS.map((c) => `sum(s.${c})::int AS ${c}`).join(', ')}
         FROM ${
           some
             ? // each month a range of the days' key
               `unnest(${MONTHS_OF_DAYS}) mo (month)
                JOIN stage_counts s ON s.la_code = $1 AND s.on_date >= mo.month AND s.on_date < (mo.month + interval '1 month')::date`
             : 'stage_counts s WHERE s.la_code = $1'
         }
         GROUP BY 1, 2
       ),
       gone AS (
         DELETE FROM stage_months t WHERE t.la_code = $1${some ? ` AND t.month = ANY(${MONTHS_OF_DAYS})` : ''}
           AND NOT EXISTS (SELECT 1 FROM m WHERE m.month = t.month)
       )
       INSERT INTO stage_months AS t SELECT * FROM m
       ON CONFLICT (la_code, month) DO UPDATE SET ${STAGE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE (${STAGE_COLUMNS.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${STAGE_COLUMNS.map((c) => `excluded.${c}`).join(', ')})`;
const UPSERT_STAGE_MONTHS = monthsOf(false);
const UPSERT_STAGE_SOME_MONTHS = monthsOf(true);

/**
 * The only code that writes `review_counts`, `stage_counts` and `day_counts_refreshes`: each LA's
 * annual review steps, decisions to assess and advice counted per day, replaced from its stored
 * milestones whenever its stored report counts are refreshed (OpenCountsRepository.refresh, after
 * its milestones change), so a national report over a period adds up one row per LA and day
 * instead of reading every step.
 */
@Injectable()
export class DayCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  /**
   * Re-counts one LA's days, inside the caller's transaction (which holds the LA's refresh lock):
   * every day, or only `days` (those of the steps a write changed, before and after: DAY_COUNTED),
   * so a night costs what it wrote, not the LA's history. Only the days whose counts changed are
   * written, and the days left with nothing deleted.
   */
  async refresh(tx: Queryable, la: string, days: string[] | null = null): Promise<void> {
    const { capDays, capRuleKnown } = reviewCapRule(this.rules);
    // Days counted with another cap rule (the rules table changed) or never: every day is re-counted.
    const [last] = await tx.query(`SELECT cap_days, cap_rule_known FROM day_counts_refreshes WHERE la_code = $1`, [la]);
    if (last?.cap_days !== capDays || last?.cap_rule_known !== capRuleKnown) days = null;
    if (days === null) {
      // Every step of the LA joined to its case's need: hash joins, whatever the statistics say. In
      // a first pass the LA's rows are new since the last ANALYZE, which then knew only the LAs
      // written before it, so the planner expected one row and joined by nested loop, rescanning
      // the LA's evaluations for each step (37 s for one LA; a backfill on that cluster 294 s, 104 s
      // with this; test/day-counts-plans.e2e-spec.ts).
      await tx.query('SET LOCAL enable_nestloop = off');
      await tx.query(UPSERT_REVIEW_DAYS, [la, capDays, capRuleKnown]);
      await tx.query(UPSERT_STAGE_DAYS, [la]);
      await tx.query('SET LOCAL enable_nestloop TO DEFAULT');
      await tx.query(UPSERT_STAGE_MONTHS, [la]);
    } else if (days.length) {
      await tx.query(UPSERT_REVIEW_SOME_DAYS, [la, capDays, capRuleKnown, days]);
      await tx.query(UPSERT_STAGE_SOME_DAYS, [la, days]);
      await tx.query(UPSERT_STAGE_SOME_MONTHS, [la, days]);
    }
    await tx.query(
      `INSERT INTO day_counts_refreshes (la_code, cap_days, cap_rule_known) VALUES ($1, $2, $3)
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
    if (!(await this.allRefreshed(las, rule))) return null;
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

  /**
   * Decisions to assess and advice by service done from `from` to `to` over the LAs `las`, added up
   * from their stored days; null unless every LA holding evaluations among them has been refreshed.
   */
  async stageSum(las: string[], from: string, to: string): Promise<{ decisions: InclExclCounts; advice: AdviceCountsRow[] } | null> {
    if (!(await this.allRefreshed(las, null))) return null;
    // The whole months inside the period from stage_months, the days before and after them from stage_counts.
    const { firstMonth, afterMonths } = wholeMonths(from, to);
    const [row] = await this.db.query(
      `SELECT ${STAGE_COLUMNS.map((c) => `coalesce(sum(${c}), 0)::int AS ${c}`).join(', ')} FROM (
         SELECT ${STAGE_COLUMNS.join(', ')} FROM stage_months
         WHERE la_code = ANY($1::text[]) AND month >= $4::date AND month < $5::date
         UNION ALL
         SELECT ${STAGE_COLUMNS.join(', ')} FROM stage_counts
         WHERE la_code = ANY($1::text[]) AND on_date BETWEEN $2::date AND $3::date AND (on_date < $4::date OR on_date >= $5::date)
       ) c`,
      [las, from, to, firstMonth, afterMonths],
    );
    const share = (p: (typeof STAGE_SHARES)[number]): InclExclCounts => ({
      hit: row[`${p}_hit`],
      all: row[`${p}_all`],
      hit_ex: row[`${p}_hit_ex`],
      all_ex: row[`${p}_all_ex`],
    });
    return {
      decisions: share('decisions'),
      advice: ADVICE_SERVICES.map((service) => ({ service, ...share(`advice_${service}`) })).filter((a) => a.all > 0),
    };
  }

  /**
   * One LA's annual review steps, decisions to assess and advice done from `from` to `to`, by need,
   * added up from its stored days in the caller's transaction `tx` (the nightly snapshot's, after
   * the LA's refresh); null unless its days were counted with `rule` (the caller then counts from
   * the milestones). Rows of steps without a stored evaluation (need '') are left out, as the
   * snapshot's own join to the evaluations leaves them out. Not the phase transfers: their stored
   * states are as of each case's last evaluation, the snapshot's as of its own date.
   */
  async byNeed(tx: Queryable, la: string, from: string, to: string, rule: ReviewCapRule): Promise<NeedDayCounts | null> {
    const sums = (table: string, columns: readonly string[]) =>
      `SELECT t.need, ${columns.map((c) => `sum(t.${c})::int AS ${c}`).join(', ')}
       FROM (SELECT 1 FROM day_counts_refreshes r WHERE r.la_code = $1 AND r.cap_days = $4 AND r.cap_rule_known = $5) ok (one)
       LEFT JOIN ${table} t ON t.la_code = $1 AND t.on_date BETWEEN $2::date AND $3::date AND t.need <> ''
       GROUP BY t.need`;
    const params = [la, from, to, rule.capDays, rule.capRuleKnown];
    const reviews: ({ need: string | null } & Record<string, number>)[] = await tx.query(sums('review_counts', DONE_COLUMNS), params);
    if (!reviews.length) return null; // not refreshed with this rule
    const stages: ({ need: string | null } & Record<string, number>)[] = await tx.query(sums('stage_counts', STAGE_COLUMNS), params);
    const counted = <T extends { need: string | null }>(rows: T[]) => rows.filter((r): r is T & { need: string } => r.need !== null);
    const out: NeedDayCounts = { reviews: [], steps: [] };
    for (const r of counted(reviews)) {
      if (DONE_COLUMNS.some((c) => r[c] > 0)) {
        out.reviews.push({ need: r.need, ...Object.fromEntries(DONE_COLUMNS.map((c) => [c, r[c]])) } as NeedDayCounts['reviews'][number]);
      }
    }
    for (const r of counted(stages)) {
      for (const share of STAGE_SHARES) {
        if (!(r[`${share}_all`] > 0)) continue;
        const advice = share !== 'decisions';
        out.steps.push({
          need: r.need,
          kind: advice ? 'advice' : 'decision_to_assess',
          service: advice ? share.slice('advice_'.length) : null,
          hit: r[`${share}_hit`],
          all: r[`${share}_all`],
          hit_ex: r[`${share}_hit_ex`],
          all_ex: r[`${share}_all_ex`],
        });
      }
    }
    return out;
  }

  /** Whether every LA holding evaluations among `las` has its day counts (reviews: counted with `rule`). */
  private async allRefreshed(las: string[], rule: ReviewCapRule | null): Promise<boolean> {
    const [missing] = await this.db.query(
      `${EVALUATED_LAS_SQL}
       SELECT count(*)::int AS n FROM evaluated e WHERE e.la_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM day_counts_refreshes r
                         WHERE r.la_code = e.la_code AND ($2::int IS NULL OR (r.cap_days = $2 AND r.cap_rule_known = $3)))`,
      [las, rule?.capDays ?? null, rule?.capRuleKnown ?? null],
    );
    return missing.n === 0;
  }
}

/**
 * The whole months from `from` to `to` (ISO days, inclusive): the first day of the first, and the
 * first day after the last; the same day twice when no month is whole.
 */
export function wholeMonths(from: string, to: string): { firstMonth: string; afterMonths: string } {
  const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
  const firstMonth = from === monthOf(from) ? from : addMonths(monthOf(from), 1);
  const afterMonths = monthOf(addDays(to, 1)); // every month before the one holding the day after `to` is whole
  return { firstMonth, afterMonths: firstMonth < afterMonths ? afterMonths : firstMonth };
}
