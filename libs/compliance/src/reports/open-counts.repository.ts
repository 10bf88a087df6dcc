import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction, ONE_LA_SETTINGS } from '@app/database';
import { INTERNAL_TARGET_KINDS } from '@app/rules';
import { EVALUATED_LAS_SQL, OPEN_COUNTS_SQL } from './open-counts.sql';
import type { OpenCounts } from './report-counts';
import { DayCountsRepository } from './day-counts.repository';

const COUNTS = ['open', 'overdue', 'final_overdue', 'due_soon', 'with_exception', 'evaluated_later'] as const;

/**
 * How long an ingest transaction may stay open at most (a file import is one). An event is stamped
 * with its transaction's start and may become visible only at its commit, so a count from events
 * records as seen the events received before the oldest transaction open when it began; when other
 * sessions' transactions are hidden from it (the API's role sees only its own), before this long ago.
 */
const LONGEST_INGEST = '1 hour';

/** When a count from events began: every event received before `seenAt` is in it. */
export interface EventsSeen {
  seenAt: Date;
  /** The LA has cases waiting to be re-evaluated: their evaluations may not name them as open yet. */
  pending: boolean;
  /** The LA's EHC assessments open on the date, by their stored evaluations. */
  caseRefs: string[];
  /** One of them was evaluated as of a later date (so the stored milestones cannot count that date). */
  evaluatedLater: boolean;
}

/**
 * The only code that writes `open_assessment_counts`: each LA's open EHC assessments as of a date.
 * - Today's (the date of the stored evaluations), counted by the report's own statement from the
 *   stored milestones, so England's figure is a sum of stored rows. A refresh runs after its LA's
 *   milestones are committed, one at a time per LA (an advisory lock), each statement seeing every
 *   commit before it: the last refresh after the last write holds the truth. The same refresh
 *   re-counts the LA's day counts (review_counts, stage_counts: DayCountsRepository).
 * - A past date's, counted from the LA's events by the report (ReportsService.openAssessments)
 *   the first time it is asked for, kept with the time from which events were seen and the rules
 *   table's key: it stands until an event dated by then (or a retraction) arrives for the LA.
 */
@Injectable()
export class OpenCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly days: DayCountsRepository,
  ) {}

  /**
   * After the LA's milestones changed: its open assessments as of `asOf`, and its day counts (review
   * steps, decisions to assess, advice): every day (`days` null), or only the days a write touched
   * (MilestonesRepository.write's `days`; none when no step of DAY_COUNTED's kinds changed).
   */
  async refresh(la: string, asOf: string, dueWithinDays: number, days: string[] | null): Promise<void> {
    await inTransaction(this.db, { local: ONE_LA_SETTINGS }, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('open_assessment_counts:' || $1))`, [la]);
      await tx.query(
        `INSERT INTO open_assessment_counts (la_code, as_of, ${COUNTS.join(', ')}, weeks)
         SELECT $5::text, $2::date, ${COUNTS.map((c) => `c.${c}`).join(', ')}, c.weeks FROM (${OPEN_COUNTS_SQL}) c
         ON CONFLICT (la_code, as_of) DO UPDATE SET ${COUNTS.map((c) => `${c} = excluded.${c}`).join(', ')},
           weeks = excluded.weeks, refreshed_at = now(), events_seen_at = NULL, rules_key = NULL`,
        [[la], asOf, dueWithinDays, INTERNAL_TARGET_KINDS, la],
      );
      await this.days.refresh(tx, la, days);
    });
  }

  /**
   * The stored counts of the LAs `las` as of `asOf`, added up; null unless every LA holding
   * evaluations among them has its row for that date (the caller then counts from the milestones).
   */
  async sum(las: string[], asOf: string): Promise<OpenCounts | null> {
    const [missing] = await this.db.query(
      `${EVALUATED_LAS_SQL}
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

  /**
   * The stored counts of a date before today that still stand, by LA:
   * - counted from events with the rules table `rulesKey`, and no event of the LA dated by `asOf`,
   *   nor any retraction, received since (found through the cases updated since, an index range
   *   per LA, then their events);
   * - or counted from the stored milestones by the LA's last refresh, when that was as of `asOf`
   *   (no later one since) and no open case's evaluation was of a later date: the report's own
   *   count over the milestones as they still are (asked for yesterday before tonight's pass).
   */
  async pastCounts(las: string[], asOf: string, rulesKey: string): Promise<Map<string, OpenCounts>> {
    const rows: (OpenCounts & { la_code: string })[] = await this.db.query(
      `SELECT s.la_code, ${COUNTS.map((c) => `s.${c}`).join(', ')}, s.weeks FROM open_assessment_counts s
       WHERE s.la_code = ANY($1::text[]) AND s.as_of = $2::date
         AND CASE WHEN s.events_seen_at IS NOT NULL THEN s.rules_key = $3 AND NOT EXISTS (
               SELECT 1 FROM cases c JOIN events e ON e.la_code = c.la_code AND e.case_ref = c.case_ref
               WHERE c.la_code = s.la_code AND c.updated_at >= s.events_seen_at AND e.received_at >= s.events_seen_at
                 AND (e.occurred_on <= s.as_of OR e.retracts_event_id IS NOT NULL))
             ELSE s.evaluated_later = 0 AND NOT EXISTS (
               SELECT 1 FROM open_assessment_counts l WHERE l.la_code = s.la_code AND l.as_of > s.as_of AND l.events_seen_at IS NULL)
             END`,
      [las, asOf, rulesKey],
    );
    return new Map(rows.map(({ la_code, ...c }) => [la_code, c]));
  }

  /**
   * Begins a count of a past date from one LA's events (read after this): when events were seen
   * from (see LONGEST_INGEST), whether any of its cases still waits for its events to be evaluated
   * (its recompute request newer than its stored evaluation), and the assessments open on `asOf` by
   * the stored evaluations. One statement, so the cases are chosen by the evaluations the pending
   * check saw. The pending check reads the outbox's rows of the LA, each against its evaluation:
   * rows are deleted once relayed, so few (none for the largest LA at rest: 0.9 ms).
   */
  async beginPastCount(la: string, asOf: string): Promise<EventsSeen> {
    const [row] = await this.db.query(
      `WITH o AS (
         SELECT ce.case_ref, ce.as_of FROM case_evaluations ce
         WHERE ce.la_code = $1 AND ce.pathway = 'ehc_assessment'
           AND coalesce(ce.closed_on, 'infinity'::date) > $2::date AND ce.started_on <= $2::date
       )
       SELECT (SELECT CASE WHEN bool_or(a.state IS NULL) THEN now() - $3::interval ELSE least(now(), min(a.xact_start)) END
               FROM pg_stat_activity a WHERE a.datname = current_database() AND a.backend_type = 'client backend') AS "seenAt",
         EXISTS (SELECT 1 FROM recompute_requests r
                 LEFT JOIN case_evaluations ce ON ce.la_code = r.la_code AND ce.case_ref = r.case_ref
                 WHERE r.la_code = $1 AND (ce.evaluated_at IS NULL OR ce.evaluated_at < r.requested_at)) AS pending,
         array(SELECT o.case_ref FROM o ORDER BY o.case_ref) AS "caseRefs",
         coalesce((SELECT bool_or(o.as_of > $2::date) FROM o), false) AS "evaluatedLater"`,
      [la, asOf, LONGEST_INGEST],
    );
    return row;
  }

  /** Keeps one LA's counts as of a past date, counted from its events seen from `seen`. */
  async storePast(la: string, asOf: string, c: OpenCounts, seen: EventsSeen, rulesKey: string): Promise<void> {
    if (seen.pending) return; // counted, but not kept: the evaluations that chose the cases were behind the events
    await this.db.query(
      `INSERT INTO open_assessment_counts (la_code, as_of, ${COUNTS.join(', ')}, weeks, events_seen_at, rules_key)
       VALUES ($1, $2, ${COUNTS.map((_, i) => `$${i + 3}`).join(', ')}, $${COUNTS.length + 3}, $${COUNTS.length + 4}, $${COUNTS.length + 5})
       ON CONFLICT (la_code, as_of) DO UPDATE SET ${COUNTS.map((c) => `${c} = excluded.${c}`).join(', ')},
         weeks = excluded.weeks, refreshed_at = now(), events_seen_at = excluded.events_seen_at, rules_key = excluded.rules_key
       -- never over a count from the stored milestones made since (a nightly pass as of that date)
       WHERE open_assessment_counts.events_seen_at IS NOT NULL OR open_assessment_counts.refreshed_at < $${COUNTS.length + 4}`,
      [la, asOf, ...COUNTS.map((k) => c[k]), JSON.stringify(c.weeks), seen.seenAt, rulesKey],
    );
  }

  /** Forgets the counts of past dates counted from events (the next ask counts them again). */
  async forgetPast(las: string[]): Promise<void> {
    await this.db.query(`DELETE FROM open_assessment_counts WHERE la_code = ANY($1::text[]) AND events_seen_at IS NOT NULL`, [las]);
  }
}
