import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RULES_TABLE } from '@app/config';
import { inTransaction, ONE_LA_SETTINGS } from '@app/database';
import { INTERNAL_TARGET_KINDS, rulesVersion, type RulesTable } from '@app/rules';
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

/**
 * From when every event received is in what a statement after this one reads (`longest`: the
 * parameter holding LONGEST_INGEST): the start of the oldest transaction open, or that long ago when
 * other sessions' transactions are hidden from this one.
 */
const seenAtSql = (longest: string) => `(
  SELECT CASE WHEN bool_or(a.state IS NULL) THEN now() - ${longest}::interval ELSE least(now(), min(a.xact_start)) END
  FROM pg_stat_activity a WHERE a.datname = current_database() AND a.backend_type = 'client backend')`;

/**
 * Whether a case of the LA (`la`: its parameter) waits to be re-evaluated: its recompute request is
 * newer than its stored evaluation. Requests are deleted once relayed, so few rows (none for the
 * largest LA at rest: 0.9 ms).
 */
const pendingSql = (la: string) => `EXISTS (SELECT 1 FROM recompute_requests r
  LEFT JOIN case_evaluations ce ON ce.la_code = r.la_code AND ce.case_ref = r.case_ref
  WHERE r.la_code = ${la} AND (ce.evaluated_at IS NULL OR ce.evaluated_at < r.requested_at))`;

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
 *   the first time it is asked for.
 * Either is kept with the time from which events were seen and the rules' version, and stands for
 * its date until an event dated by then (or a retraction) arrives for the LA: a date the nightly
 * pass ran keeps that day's last count, as a count from events as of it would find. A refresh
 * before the LA's pass as of its date, while one of the LA's cases waited for its events to be
 * evaluated, or with an open case evaluated as of a later date, is not kept for later asks (they
 * count from events).
 */
@Injectable()
export class OpenCountsRepository {
  private readonly rulesKey: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly days: DayCountsRepository,
    @Inject(RULES_TABLE) rules: RulesTable,
  ) {
    this.rulesKey = rulesVersion(rules);
  }

  /**
   * After the LA's milestones changed: its open assessments as of `asOf`, and its day counts (review
   * steps, decisions to assess, advice): every day (`days` null), or only the days a write touched
   * (MilestonesRepository.write's `days`; none when no step of DAY_COUNTED's kinds changed).
   * `passRun`: the LA's nightly pass as of `asOf` has run, so every case whose day had come was
   * evaluated (before it, a count from the milestones cannot see what changes with the date alone).
   */
  async refresh(la: string, asOf: string, dueWithinDays: number, days: string[] | null, passRun = false): Promise<void> {
    await inTransaction(this.db, { local: ONE_LA_SETTINGS }, async (tx) => {
      // When events were seen from, read before the count: an ingest that committed by then is in
      // the count's snapshot, so its cases are either evaluated or pending there. (Read before or
      // after the lock is granted, either way before the count.)
      const [{ seenAt }] = await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext('open_assessment_counts:' || $1)), ${seenAtSql('$2')} AS "seenAt"`,
        [la, LONGEST_INGEST],
      );
      // Kept for later asks of the date only after the LA's pass as of it, with no case pending.
      await tx.query(
        `INSERT INTO open_assessment_counts (la_code, as_of, ${COUNTS.join(', ')}, weeks, events_seen_at, rules_key)
         SELECT $5::text, $2::date, ${COUNTS.map((c) => `c.${c}`).join(', ')}, c.weeks,
           CASE WHEN k.kept THEN $6::timestamptz END, CASE WHEN k.kept THEN $7 END
         FROM (${OPEN_COUNTS_SQL}) c,
           LATERAL (SELECT c.evaluated_later = 0 AND $6::timestamptz IS NOT NULL AND NOT ${pendingSql('$5::text')} AS kept) k
         ON CONFLICT (la_code, as_of) DO UPDATE SET ${COUNTS.map((c) => `${c} = excluded.${c}`).join(', ')},
           weeks = excluded.weeks, refreshed_at = now(), events_seen_at = excluded.events_seen_at, rules_key = excluded.rules_key`,
        [[la], asOf, dueWithinDays, INTERNAL_TARGET_KINDS, la, passRun ? seenAt : null, this.rulesKey],
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
   * The stored counts of a date before today that still stand, by LA: kept with the time events
   * were seen from (counted from events, or by the last refresh of a nightly pass's date), with
   * these rules, and no event of the LA dated by `asOf`, nor any retraction, received since (found
   * through the cases updated since, an index range per LA, then their events). A row found
   * standing although events came since is marked seen from this check's start, so the next check
   * reads only what comes after (an LA whose events are all recorded on the day they happen keeps
   * its nights' counts, and each check would otherwise read all it received since the date).
   */
  async pastCounts(las: string[], asOf: string): Promise<Map<string, OpenCounts>> {
    // When this check sees events from, read before it (a statement of its own, as for a count).
    const [{ seenAt }] = await this.db.query(`SELECT ${seenAtSql('$1')} AS "seenAt"`, [LONGEST_INGEST]);
    const rows: (OpenCounts & { la_code: string })[] = await this.db.query(
      `WITH standing AS (
         SELECT s.*, EXISTS (SELECT 1 FROM cases c WHERE c.la_code = s.la_code AND c.updated_at >= s.events_seen_at) AS came_since
         FROM open_assessment_counts s
         WHERE s.la_code = ANY($1::text[]) AND s.as_of = $2::date AND s.events_seen_at IS NOT NULL AND s.rules_key = $3
           AND NOT EXISTS (
             SELECT 1 FROM cases c JOIN events e ON e.la_code = c.la_code AND e.case_ref = c.case_ref
             WHERE c.la_code = s.la_code AND c.updated_at >= s.events_seen_at AND e.received_at >= s.events_seen_at
               AND (e.occurred_on <= s.as_of OR e.retracts_event_id IS NOT NULL))
       ), seen AS (
         UPDATE open_assessment_counts u SET events_seen_at = $4::timestamptz
         FROM standing t WHERE t.came_since AND u.la_code = t.la_code AND u.as_of = t.as_of AND u.events_seen_at < $4::timestamptz
       )
       SELECT la_code, ${COUNTS.join(', ')}, weeks FROM standing`,
      [las, asOf, this.rulesKey, seenAt],
    );
    return new Map(rows.map(({ la_code, ...c }) => [la_code, c]));
  }

  /**
   * Begins a count of a past date from one LA's events (read after this): when events were seen
   * from (see LONGEST_INGEST), read first; then, in one statement, so the cases are chosen by the
   * evaluations the pending check saw, whether any of its cases still waits for its events to be
   * evaluated (pendingSql) and the assessments open on `asOf` by the stored evaluations.
   */
  async beginPastCount(la: string, asOf: string): Promise<EventsSeen> {
    // Read before the rest (a statement of its own): an ingest committed by then is in what follows.
    const [{ seenAt }] = await this.db.query(`SELECT ${seenAtSql('$1')} AS "seenAt"`, [LONGEST_INGEST]);
    const [row] = await this.db.query(
      `WITH o AS (
         SELECT ce.case_ref, ce.as_of FROM case_evaluations ce
         WHERE ce.la_code = $1 AND ce.pathway = 'ehc_assessment'
           AND coalesce(ce.closed_on, 'infinity'::date) > $2::date AND ce.started_on <= $2::date
       )
       SELECT ${pendingSql('$1')} AS pending,
         array(SELECT o.case_ref FROM o ORDER BY o.case_ref) AS "caseRefs",
         coalesce((SELECT bool_or(o.as_of > $2::date) FROM o), false) AS "evaluatedLater"`,
      [la, asOf],
    );
    return { seenAt, ...row };
  }

  /** Keeps one LA's counts as of a past date, counted from its events seen from `seen`. */
  async storePast(la: string, asOf: string, c: OpenCounts, seen: EventsSeen): Promise<void> {
    if (seen.pending) return; // counted, but not kept: the evaluations that chose the cases were behind the events
    await this.db.query(
      `INSERT INTO open_assessment_counts (la_code, as_of, ${COUNTS.join(', ')}, weeks, events_seen_at, rules_key)
       VALUES ($1, $2, ${COUNTS.map((_, i) => `$${i + 3}`).join(', ')}, $${COUNTS.length + 3}, $${COUNTS.length + 4}, $${COUNTS.length + 5})
       ON CONFLICT (la_code, as_of) DO UPDATE SET ${COUNTS.map((c) => `${c} = excluded.${c}`).join(', ')},
         weeks = excluded.weeks, refreshed_at = now(), events_seen_at = excluded.events_seen_at, rules_key = excluded.rules_key
       -- never over a count that saw later events (a nightly pass as of that date since)
       WHERE coalesce(open_assessment_counts.events_seen_at, open_assessment_counts.refreshed_at) < $${COUNTS.length + 4}`,
      [la, asOf, ...COUNTS.map((k) => c[k]), JSON.stringify(c.weeks), seen.seenAt, this.rulesKey],
    );
  }

  /** Forgets the LAs' kept counts of a past date (the next ask counts them from events again). */
  async forget(las: string[], asOf: string): Promise<void> {
    await this.db.query(`DELETE FROM open_assessment_counts WHERE la_code = ANY($1::text[]) AND as_of = $2::date`, [las, asOf]);
  }
}
