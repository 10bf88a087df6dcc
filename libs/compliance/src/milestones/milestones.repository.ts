import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { withClientTransaction } from '@app/database';
import { INTERNAL_TARGET_KINDS } from '@app/rules';
import type { CaseOutcome } from './case-outcome';
import { DAY_COUNTED } from '../reports/day-counts.sql';
import { alertLines, copyNewRows, copyRows, evaluationLines, milestoneLines, rowsFrom, type RowKind } from './pass-rows';
import type { BreachList, FollowedCase, MilestoneRow, OverdueStep } from './milestone-row';

export interface WriteResult {
  cases: number;
  milestones: number;
  alertsRaised: number;
  alertsCleared: number;
  /**
   * The days to re-count in the stored day counts: those of the counted steps (DAY_COUNTED), before
   * and after, of the written cases whose counted steps changed.
   */
  days: string[];
}

const nothingWritten = (): WriteResult => ({ cases: 0, milestones: 0, alertsRaised: 0, alertsCleared: 0, days: [] });

const DONE_KINDS = [...DAY_COUNTED.doneKinds];
const DUE_KINDS = [...DAY_COUNTED.dueKinds];

/**
 * Where a write's statements find their parameters. A full pass's chunk (`chunk`: neighbouring cases,
 * thousands of them) has its rows copied into temporary tables first (pass-rows.ts); a write by
 * change (a few cases spread over the LA) sends them as one parameter of type json, not jsonb:
 * PostgreSQL only checks json's text and json_to_recordset reads it once.
 */
const paramsOf = (chunk: boolean) => (chunk ? { rows: null, asOf: '$2', refs: '$3' } : { rows: '$2', asOf: '$3', refs: '$4' });

/**
 * Stores a case's evaluation only if no newer one is there (a job that read fewer events loses),
 * and returns the cases written, so milestones and alerts follow only for those. By change, also
 * whether each written case's primary need changed: the day counts count steps by their case's need,
 * so its counted days are re-counted (read before the write, in the statement's own snapshot). A
 * full pass's LA has its days re-counted in full after it.
 */
const upsertEvaluations = (chunk: boolean) => {
  const p = paramsOf(chunk);
  const needs = !chunk;
  return `
  WITH x AS (SELECT * FROM ${rowsFrom('evaluations', p.rows)})${
    needs
      ? `, before AS MATERIALIZED (
    SELECT ce.case_ref, ce.need_code FROM case_evaluations ce
    WHERE ce.la_code = $1 AND ce.case_ref IN (SELECT case_ref FROM x))`
      : ''
  }, up AS (
    INSERT INTO case_evaluations AS ce (la_code, case_ref, pathway, child_ref, need_code, status, outcome, started_on,
      closed_on, wait_clock_start, wait_stopped_on, wait_days, assignee_ref, team, event_count, changes_on, fingerprint, summary,
      forecast_stage, forecast_due, forecast_at_risk, as_of)
    SELECT $1, x.*, ${p.asOf}::date FROM x
    ON CONFLICT (la_code, case_ref) DO UPDATE SET pathway = excluded.pathway, child_ref = excluded.child_ref,
      need_code = excluded.need_code, status = excluded.status, outcome = excluded.outcome,
      started_on = excluded.started_on, closed_on = excluded.closed_on, wait_clock_start = excluded.wait_clock_start,
      wait_stopped_on = excluded.wait_stopped_on, wait_days = excluded.wait_days, assignee_ref = excluded.assignee_ref,
      team = excluded.team, event_count = excluded.event_count, changes_on = excluded.changes_on,
      fingerprint = excluded.fingerprint, summary = excluded.summary, forecast_stage = excluded.forecast_stage,
      forecast_due = excluded.forecast_due, forecast_at_risk = excluded.forecast_at_risk, as_of = excluded.as_of, evaluated_at = now()
    WHERE ce.event_count <= excluded.event_count
    RETURNING case_ref, need_code
  )
  SELECT up.case_ref, ${needs ? 'b.case_ref IS NOT NULL AND b.need_code IS DISTINCT FROM up.need_code' : 'false'} AS need_changed
  FROM up${needs ? ' LEFT JOIN before b ON b.case_ref = up.case_ref' : ''}`;
};
const UPSERT_EVALUATIONS_CHUNK = upsertEvaluations(true);
const UPSERT_EVALUATIONS_LIST = upsertEvaluations(false);

/** The days the day counts count the steps of some cases ($2) on (DAY_COUNTED: $3 done, $4 due). */
const COUNTED_DAYS = `
  SELECT coalesce(array_agg(DISTINCT (CASE WHEN kind = ANY($4::text[]) THEN due_on ELSE done_on END)::text), '{}') AS days
  FROM case_milestones WHERE la_code = $1 AND case_ref = ANY($2::text[]) AND (kind = ANY($3::text[]) OR kind = ANY($4::text[]))
    AND (CASE WHEN kind = ANY($4::text[]) THEN due_on ELSE done_on END) IS NOT NULL`;

// The rows of a chunk's cases (`refs`) are also bounded by the first and last of them, an index range
// on (la_code, case_ref): without it, while statistics were stale (a first night after migration,
// before any ANALYZE), the planner scanned all of an LA's rows for every chunk.
// Only for a run of neighbouring cases (a chunk of the full pass): for cases spread over the LA (the
// pass by change, an ingest batch) the range is the whole LA, and each of its rows was then tested
// against the whole list (1.8 s for 480 cases of a 31,000-case LA; 0.18 s by the list alone).
const RANGE = (alias: string, chunk: boolean, refs: string) =>
  chunk
    ? ` AND ${alias}.case_ref BETWEEN (SELECT min(r COLLATE "C") FROM unnest(${refs}::text[]) AS r)
        AND (SELECT max(r COLLATE "C") FROM unnest(${refs}::text[]) AS r)`
    : '';

/**
 * A chunk of the full pass re-counts its LA's days in full afterwards: it needs no days. By change,
 * the days to re-count are returned.
 */
const writeMilestones = (chunk: boolean) => {
  const p = paramsOf(chunk);
  const days = !chunk;
  return `
  WITH m AS (
    SELECT * FROM ${rowsFrom('milestones', p.rows)}
    WHERE x.case_ref = ANY(${p.refs}::text[])
  ), gone AS (
    DELETE FROM case_milestones cm
    WHERE cm.la_code = $1${RANGE('cm', chunk, p.refs)} AND cm.case_ref = ANY(${p.refs}::text[])
      AND NOT EXISTS (SELECT 1 FROM m WHERE m.case_ref = cm.case_ref AND m.milestone_key = cm.milestone_key)
    RETURNING 1
  ), rewritten AS (
    -- A step as it was is left alone (its as_of the evaluation that last changed it): a case written
    -- because one step went overdue rewrites that step, not all of them (and their indexes).
    UPDATE case_milestones cm SET pathway = m.pathway, kind = m.kind, service = m.service, cycle = m.cycle,
      clock_from = m.clock_from, due_on = m.due_on, done_on = m.done_on, state = m.state,
      exception_reason = m.exception_reason, assignee_ref = m.assignee_ref, caseworker_ref = m.caseworker_ref,
      as_of = ${p.asOf}::date
    FROM m
    WHERE cm.la_code = $1${RANGE('cm', chunk, p.refs)} AND cm.case_ref = m.case_ref AND cm.milestone_key = m.milestone_key
      AND (cm.pathway, cm.kind, cm.service, cm.cycle, cm.clock_from, cm.due_on, cm.done_on, cm.state, cm.exception_reason,
        cm.assignee_ref, cm.caseworker_ref) IS DISTINCT FROM (m.pathway, m.kind, m.service, m.cycle, m.clock_from, m.due_on,
        m.done_on, m.state, m.exception_reason, m.assignee_ref, m.caseworker_ref)
    RETURNING 1
  ), added AS (
    -- A plain insert, not ON CONFLICT (whose speculative insertion cost a backfill a fifth of its
    -- milestone write): no other transaction can add a step of these cases meanwhile, as each
    -- writer upserts the case's evaluation first and so waits for this one at that row.
    INSERT INTO case_milestones (la_code, case_ref, milestone_key, pathway, kind, service, cycle, clock_from,
      due_on, done_on, state, exception_reason, assignee_ref, caseworker_ref, as_of)
    SELECT $1, m.*, ${p.asOf}::date FROM m
    WHERE NOT EXISTS (
      SELECT 1 FROM case_milestones cm
      WHERE cm.la_code = $1${RANGE('cm', chunk, p.refs)} AND cm.case_ref = m.case_ref AND cm.milestone_key = m.milestone_key)
    RETURNING 1
  )${
    days
      ? `, old AS (
    -- The counted steps (DAY_COUNTED: $5 on the day done, $6 on the day due) as they were before
    -- this statement, and as written: what the day counts read of each, its state only where
    -- counted (a step done, a phase transfer). A step going overdue changes nothing counted.
    SELECT cm.case_ref, cm.milestone_key, cm.kind, cm.cycle, cm.clock_from, cm.due_on, cm.done_on, cm.service,
      CASE WHEN cm.done_on IS NOT NULL OR cm.kind = ANY($6::text[]) THEN cm.state END AS state
    FROM case_milestones cm WHERE cm.la_code = $1 AND cm.case_ref = ANY($4::text[])
      AND (cm.kind = ANY($5::text[]) OR cm.kind = ANY($6::text[]))
  ), new AS (
    SELECT m.case_ref, m.milestone_key, m.kind, m.cycle, m.clock_from, m.due_on, m.done_on, m.service,
      CASE WHEN m.done_on IS NOT NULL OR m.kind = ANY($6::text[]) THEN m.state END
    FROM m WHERE m.kind = ANY($5::text[]) OR m.kind = ANY($6::text[])
  ), changed AS (
    SELECT case_ref FROM ((TABLE old EXCEPT ALL TABLE new) UNION ALL (TABLE new EXCEPT ALL TABLE old)) c
  ), days AS (
    -- Every day a counted step of a case whose counted steps changed was or is counted on: a
    -- step's count can rest on another step of its case (a decision on its cycle's meeting).
    SELECT CASE WHEN kind = ANY($6::text[]) THEN due_on ELSE done_on END AS on_date
    FROM (TABLE old UNION ALL TABLE new) s WHERE case_ref IN (SELECT case_ref FROM changed)
  )`
      : ''
  }
  SELECT ((SELECT count(*) FROM rewritten) + (SELECT count(*) FROM added))::int AS written,
    ${days ? `(SELECT coalesce(array_agg(DISTINCT on_date::text), '{}') FROM days WHERE on_date IS NOT NULL)` : `'{}'::text[]`} AS days`;
};

/**
 * The alert outbox: new alerts are inserted with the milestones that caused them (same
 * transaction); a dedupe key per case, milestone, kind and due date makes a recompute raise nothing
 * twice. An alert the case no longer raises has lapsed (`lapsed_at`): open, it is resolved as
 * cleared; resolved by hand, its resolution stands.
 *
 * An alert raised again after it lapsed is reopened, because a retract undid the step that
 * cleared it (the dedupe key is the same, so it cannot be inserted anew):
 * - cleared by the system: open again. It goes through the outbox again (relayed, delivered, and
 *   in the next digest) like a new alert, raised on this day, to its current recipient;
 * - resolved by hand: reopened too, but only after it lapsed. The person's resolution answered the
 *   breach as it stood; once its step was done the breach was over, and a retract that makes the
 *   step overdue again is a new breach they have not seen. While the case keeps raising it
 *   (every recompute does), the resolution stands: resolving by hand is never undone by a recompute;
 * - acknowledged: the acknowledgement is kept (who took the breach on, and it stops the escalation),
 *   as is `escalated_at`, so an escalation is not raised twice either.
 * An alert still open is not touched when raised again: no second delivery, no second mail.
 */
const writeAlerts = (chunk: boolean) => {
  const p = paramsOf(chunk);
  return `
  WITH a AS (
    SELECT * FROM ${rowsFrom('alerts', p.rows)}
    WHERE x.case_ref = ANY(${p.refs}::text[])
  ), raised AS (
    INSERT INTO alerts AS al (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, service, due_on, raised_on,
      recipient_ref)
    SELECT $1, dedupe_key, case_ref, milestone_key, kind, pathway, service, due_on, ${p.asOf}::date, recipient_ref FROM a
    ON CONFLICT (la_code, dedupe_key) DO UPDATE SET resolved_at = NULL, resolution = NULL, lapsed_at = NULL,
      raised_on = excluded.raised_on, recipient_ref = excluded.recipient_ref, relayed_at = NULL, delivered_at = NULL,
      digest_id = NULL, emailed_at = NULL
    WHERE al.lapsed_at IS NOT NULL
    RETURNING 1
  ), cleared AS (
    UPDATE alerts al SET resolved_at = now(), resolution = 'cleared', lapsed_at = now()
    WHERE al.la_code = $1${RANGE('al', chunk, p.refs)} AND al.case_ref = ANY(${p.refs}::text[])
      AND al.resolved_at IS NULL AND al.kind <> 'escalation'
      AND NOT EXISTS (SELECT 1 FROM a WHERE a.dedupe_key = al.dedupe_key)
    RETURNING 1
  ), lapsed AS (
    -- Resolved by hand and no longer raised (alerts_case_unlapsed_idx): the resolution stands.
    UPDATE alerts al SET lapsed_at = now()
    WHERE al.la_code = $1${RANGE('al', chunk, p.refs)} AND al.case_ref = ANY(${p.refs}::text[])
      AND al.resolved_at IS NOT NULL AND al.lapsed_at IS NULL AND al.kind <> 'escalation'
      AND NOT EXISTS (SELECT 1 FROM a WHERE a.dedupe_key = al.dedupe_key)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM raised)::int AS raised, (SELECT count(*) FROM cleared)::int AS cleared,
         (SELECT count(*) FROM lapsed)::int AS lapsed`;
};

const WRITE_MILESTONES_CHUNK = writeMilestones(true);
const WRITE_MILESTONES_LIST = writeMilestones(false);
const WRITE_ALERTS_CHUNK = writeAlerts(true);
const WRITE_ALERTS_LIST = writeAlerts(false);

/** PostgreSQL's error code for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

/** Cases none of which is stored: every evaluation, step and alert copied straight into its table. */
async function copyNewCases(client: PoolClient, la: string, asOf: string, outcomes: CaseOutcome[]): Promise<WriteResult> {
  const evaluations = outcomes.map((o) => o.evaluation);
  const milestones = outcomes.map((o) => o.milestones);
  const alerts = outcomes.map((o) => o.alerts);
  const count = (cases: unknown[][]) => cases.reduce((n, rows) => n + rows.length, 0);
  await copyNewRows(client, 'evaluations', la, asOf, (before, after) => evaluationLines(evaluations, before, after));
  if (count(milestones)) await copyNewRows(client, 'milestones', la, asOf, (before, after) => milestoneLines(milestones, before, after));
  if (count(alerts)) await copyNewRows(client, 'alerts', la, asOf, (before, after) => alertLines(alerts, before, after));
  return { cases: outcomes.length, milestones: count(milestones), alertsRaised: count(alerts), alertsCleared: 0, days: [] };
}

/**
 * Cases that may be stored: each evaluation upserted unless a newer one is there, then the steps and
 * alerts of those written compared with what is stored and replaced. A chunk's rows are copied into
 * temporary tables first; a write by change sends each kind as its statement's parameter $2.
 */
async function replaceCases(client: PoolClient, la: string, asOf: string, outcomes: CaseOutcome[], chunk: boolean): Promise<WriteResult> {
  const query = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows;
  // A statement's rows: copied into its temporary table first (a chunk), or its parameter $2 (by change).
  const rows = async (kind: RowKind, lines: () => string, json: () => unknown[]): Promise<unknown[]> => {
    if (!chunk) return [JSON.stringify(json())];
    await copyRows(client, kind, lines());
    return [];
  };
  const evaluations = outcomes.map((o) => o.evaluation);
  const evaluationRows = await rows(
    'evaluations',
    () => evaluationLines(evaluations),
    () => evaluations,
  );
  const upsert = chunk ? UPSERT_EVALUATIONS_CHUNK : UPSERT_EVALUATIONS_LIST;
  const accepted: { case_ref: string; need_changed: boolean }[] = await query(upsert, [la, ...evaluationRows, asOf]);
  const written = new Set(accepted.map((r) => r.case_ref));
  if (!written.size) return nothingWritten();
  // Milestones and alerts only of the cases whose own differ from what is stored (CaseOutcome).
  const withMilestones = outcomes.filter((o) => o.milestonesChanged && written.has(o.evaluation.case_ref));
  const withAlerts = outcomes.filter((o) => o.alertsChanged && written.has(o.evaluation.case_ref));
  const refsOf = (list: CaseOutcome[]) => list.map((o) => o.evaluation.case_ref);
  const steps = withMilestones.map((o) => o.milestones);
  const raised = withAlerts.map((o) => o.alerts);
  const [m] = steps.length
    ? await query(chunk ? WRITE_MILESTONES_CHUNK : WRITE_MILESTONES_LIST, [
        la,
        ...(await rows(
          'milestones',
          () => milestoneLines(steps),
          () => steps.flat(),
        )),
        asOf,
        refsOf(withMilestones),
        ...(chunk ? [] : [DONE_KINDS, DUE_KINDS]),
      ])
    : [{ written: 0, days: [] }];
  const [a] = raised.length
    ? await query(chunk ? WRITE_ALERTS_CHUNK : WRITE_ALERTS_LIST, [
        la,
        ...(await rows(
          'alerts',
          () => alertLines(raised),
          () => raised.flat(),
        )),
        asOf,
        refsOf(withAlerts),
      ])
    : [{ raised: 0, cleared: 0 }];
  // A case whose need changed moves its counted steps to another need on every day they count.
  const needChanged = accepted.filter((r) => r.need_changed).map((r) => r.case_ref);
  const days: string[] = needChanged.length
    ? [...new Set([...m.days, ...(await query(COUNTED_DAYS, [la, needChanged, DONE_KINDS, DUE_KINDS]))[0].days])]
    : m.days;
  return { cases: written.size, milestones: m.written, alertsRaised: a.raised, alertsCleared: a.cleared, days };
}

/** One step of an EHC request as stored. */
export interface RequestStep {
  caseRef: string;
  kind: 'decision_to_assess' | 'final_plan';
  clockFrom: string;
  doneOn: string | null;
  state: MilestoneRow['state'];
}

/** The only code that writes case_evaluations and case_milestones. */
@Injectable()
export class MilestonesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Writes one LA's changed cases in one transaction: evaluations, milestones, alerts.
   * `chunk`: the cases are neighbours in key order, a chunk of the full pass, whose LA's day counts
   * are re-counted in full after it: its `days` are not looked for (none are returned), and its rows
   * go by COPY (pass-rows.ts), straight into the tables when none of its cases was stored.
   */
  async write(la: string, asOf: string, outcomes: CaseOutcome[], chunk = false): Promise<WriteResult> {
    if (!outcomes.length) return nothingWritten();
    // A chunk of cases none of which was stored (a backfill's, an LA's first pass) is copied in.
    if (chunk && outcomes.every((o) => o.isNew)) {
      try {
        return await withClientTransaction(this.db, {}, (client) => copyNewCases(client, la, asOf, outcomes));
      } catch (e) {
        // Another writer (an ingest's recompute) stored one of them meanwhile: compare and replace.
        if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
      }
    }
    return withClientTransaction(this.db, {}, (client) => replaceCases(client, la, asOf, outcomes, chunk));
  }

  /**
   * The stored evaluation's fingerprint of each case that has one, so a recompute writes only what
   * changed. Bounded by the first and last reference (an index range) as well as the list: one
   * primary-key range scan whatever the LA's size, even with stale statistics.
   */
  async fingerprints(la: string, caseRefs: string[]): Promise<Map<string, string>> {
    if (!caseRefs.length) return new Map();
    const sorted = [...caseRefs].sort();
    const rows: { case_ref: string; fingerprint: string }[] = await this.db.query(
      `SELECT case_ref, fingerprint FROM case_evaluations
       WHERE la_code = $1 AND case_ref BETWEEN $2 AND $3 AND case_ref = ANY($4::text[])`,
      [la, sorted[0], sorted[sorted.length - 1], sorted],
    );
    return new Map(rows.map((r) => [r.case_ref, r.fingerprint]));
  }

  /**
   * Fresh planner statistics and visibility map after a bulk write (a first pass, a backfill): the
   * next pass counts its snapshots from these tables, and with the statistics of the empty tables
   * before (autovacuum comes later) PostgreSQL took a 4,000,000-row table for one row and joined it
   * in a nested loop (a minute an LA, measured at 1,000,000 cases); with no page marked all-visible
   * yet, every index-only scan of the reports and of the next night reads the table as well (a
   * night by change right after a backfill: 184 s, against 13 s after a VACUUM). Not left to
   * autovacuum's timing. About 4 to 6 s at that size.
   */
  async vacuumAnalyze(): Promise<void> {
    await this.db.query(`VACUUM (ANALYZE) case_evaluations, case_milestones, alerts`);
  }

  /**
   * The cases of one LA the nightly pass of `asOf` re-evaluates: those whose stored evaluation's
   * day to change has come, and those with events their evaluation has not read (none yet, or a
   * different count), looked for among the cases changed since `changedSince` (cases_la_updated_idx;
   * the outbox evaluates these as they arrive: this catches a job that never ran). Sorted.
   */
  async dueCases(la: string, asOf: string, changedSince: Date): Promise<string[]> {
    const rows: { case_ref: string }[] = await this.db.query(
      `SELECT case_ref FROM case_evaluations WHERE la_code = $1 AND changes_on <= $2::date
       UNION
       SELECT c.case_ref FROM cases c
       LEFT JOIN case_evaluations ce ON ce.la_code = c.la_code AND ce.case_ref = c.case_ref
       WHERE c.la_code = $1 AND c.updated_at >= $3 AND (ce.case_ref IS NULL OR ce.event_count <> c.event_count)
       ORDER BY 1`,
      [la, asOf, changedSince],
    );
    return rows.map((r) => r.case_ref);
  }

  /** The LA's cases stored as following the breach forecast, with what their verdict rests on (verdictsTurned). */
  async followedCases(la: string): Promise<FollowedCase[]> {
    return this.db.query(
      `SELECT case_ref AS "caseRef", forecast_stage AS stage, started_on::text AS "requestOn", forecast_due::text AS "dueOn",
         forecast_at_risk AS "atRisk"
       FROM case_evaluations
       WHERE la_code = $1 AND pathway = 'ehc_assessment' AND status = 'open' AND forecast_stage IS NOT NULL`,
      [la],
    );
  }

  /**
   * Currently overdue milestones of open cases, grouped by what is late: the cases behind each breach.
   * Internal targets (the 16-week draft) are not breaches and are left out.
   */
  async breaches(la: string): Promise<BreachList[]> {
    const rows = await this.db.query(
      `SELECT m.pathway, m.kind, m.service, array_agg(m.case_ref ORDER BY m.due_on, m.case_ref) AS case_refs
       FROM case_milestones m JOIN case_evaluations ce USING (la_code, case_ref)
       WHERE m.la_code = $1 AND m.state = 'overdue' AND m.done_on IS NULL AND ce.status = 'open'
         AND m.kind <> ALL($2::text[])
       GROUP BY m.pathway, m.kind, m.service ORDER BY m.pathway, m.kind, m.service NULLS FIRST`,
      [la, INTERNAL_TARGET_KINDS],
    );
    return rows.map((r: { pathway: string; kind: string; service: string | null; case_refs: string[] }) => ({
      pathway: r.pathway,
      kind: r.kind,
      service: r.service,
      caseRefs: r.case_refs,
    }));
  }

  /**
   * The decision whether to assess and the final plan of every EHC request whose clock started on
   * or after `since`: the monitor's side of an SEN2 pre-submission check.
   */
  async requestSteps(la: string, since: string): Promise<RequestStep[]> {
    return this.db.query(
      `SELECT case_ref AS "caseRef", kind, clock_from::text AS "clockFrom", done_on::text AS "doneOn", state
       FROM case_milestones
       WHERE la_code = $1 AND pathway = 'ehc_assessment' AND kind IN ('decision_to_assess', 'final_plan') AND clock_from >= $2
       ORDER BY case_ref, kind`,
      [la, since],
    );
  }

  /** Open cases by their oldest overdue step, longest overdue first: one row a case. */
  async longestOverdue(la: string, limit: number): Promise<OverdueStep[]> {
    const rows: {
      case_ref: string;
      pathway: string;
      kind: string;
      service: string | null;
      cycle: number | null;
      due_on: string;
      owner_ref: string | null;
    }[] = await this.db.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (m.case_ref) m.case_ref, m.pathway, m.kind, m.service, m.cycle, m.due_on::text AS due_on,
           COALESCE(m.assignee_ref, ce.assignee_ref) AS owner_ref
         FROM case_milestones m JOIN case_evaluations ce USING (la_code, case_ref)
         WHERE m.la_code = $1 AND m.state = 'overdue' AND m.done_on IS NULL AND ce.status = 'open'
         ORDER BY m.case_ref, m.due_on, m.milestone_key
       ) oldest ORDER BY due_on, case_ref LIMIT $2`,
      [la, limit],
    );
    return rows.map((r) => ({
      caseRef: r.case_ref,
      pathway: r.pathway,
      kind: r.kind,
      service: r.service,
      cycle: r.cycle,
      dueOn: r.due_on,
      ownerRef: r.owner_ref,
    }));
  }

  async milestonesOf(la: string, caseRef: string) {
    return this.db.query(
      `SELECT milestone_key, kind, service, due_on::text, done_on::text, state, assignee_ref, as_of::text
       FROM case_milestones WHERE la_code = $1 AND case_ref = $2 ORDER BY due_on, milestone_key`,
      [la, caseRef],
    );
  }
}
