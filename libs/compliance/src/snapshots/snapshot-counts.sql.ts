// The nightly snapshot's counts for one LA ($1) over the period $2 to $3 (the snapshot date, asOf),
// by primary need ('unknown' when none): set-based SQL over what the worker stores (case_milestones,
// case_evaluations), counting as the libs/rules accumulators do, so libs/rules' ...FromCounts turn
// them into the same measures. The LA-wide row ('all') is the sum of the needs' counts.
// - Whatever ages is derived from stored dates and asOf, never read from a stored day count or a
//   stored pending/overdue state (a row may be as of an earlier night): a step not done is overdue
//   when asOf is past its due day (exempt steps never are); an open wait's days run to asOf.
// - A step is on time when done_on <= due_on, exempt or not; "excluding exceptions" drops exempt steps
//   (as reports.repository.ts, whose figures are the same without the need grouping).
// - Steps are selected by kind alone: each kind belongs to one pathway, which the join to the case
//   checks; naming the pathway too would read every step's row instead of the index alone.

/**
 * The (pathway, need) groups of every stored case, as the accumulator makes one per case fed: a loose
 * scan of case_evaluations_groups_idx, one probe a group, instead of reading every case of the LA.
 */
export const GROUPS_SQL = `
  WITH RECURSIVE g AS (
    (SELECT pathway, coalesce(need_code, 'unknown') AS need FROM case_evaluations WHERE la_code = $1 ORDER BY 1, 2 LIMIT 1)
    UNION ALL
    SELECT n.pathway, n.need FROM g, LATERAL (
      SELECT pathway, coalesce(need_code, 'unknown') AS need FROM case_evaluations
      WHERE la_code = $1 AND (pathway, coalesce(need_code, 'unknown')) > (g.pathway, g.need) ORDER BY 1, 2 LIMIT 1) n
  )
  SELECT pathway, need FROM g`;

const NEED = `coalesce(ce.need_code, 'unknown')`;
const JOIN_CE = `JOIN case_evaluations ce ON ce.la_code = m.la_code AND ce.case_ref = m.case_ref`;

/**
 * EHC timeliness: new final plans (reassessments have their own kind) done in the period, timed from
 * the request; over a year when done after the request + $4 months (month end clamped, as addMonths).
 */
export const EHC_PLANS_SQL = `
  WITH p AS (
    SELECT ${NEED} AS need, m.state <> 'exempt' AS counted_ex, m.done_on <= m.due_on AS on_time,
      m.done_on > (ce.started_on + make_interval(months => $4::int))::date AS over_year, m.done_on - ce.started_on AS days
    FROM case_milestones m ${JOIN_CE}
    WHERE m.la_code = $1 AND m.kind = 'final_plan' AND m.done_on BETWEEN $2::date AND $3::date
      AND ce.la_code = $1 AND ce.pathway = 'ehc_assessment' AND ce.started_on IS NOT NULL
    OFFSET 0
  ), d AS (
    SELECT need, days, count(*)::int AS plans, count(*) FILTER (WHERE counted_ex)::int AS plans_ex,
      count(*) FILTER (WHERE on_time)::int AS within, count(*) FILTER (WHERE on_time AND counted_ex)::int AS within_ex,
      count(*) FILTER (WHERE NOT on_time AND NOT over_year)::int AS within_year,
      count(*) FILTER (WHERE NOT on_time AND NOT over_year AND counted_ex)::int AS within_year_ex,
      count(*) FILTER (WHERE over_year)::int AS over_year, count(*) FILTER (WHERE over_year AND counted_ex)::int AS over_year_ex
    FROM p GROUP BY need, days
  )
  SELECT need, sum(plans)::int AS plans, sum(plans_ex)::int AS plans_ex, sum(within)::int AS within,
    sum(within_ex)::int AS within_ex, sum(within_year)::int AS within_year, sum(within_year_ex)::int AS within_year_ex,
    sum(over_year)::int AS over_year, sum(over_year_ex)::int AS over_year_ex,
    json_object_agg(days, plans) AS days, coalesce(sum(days * plans_ex), 0)::float8 AS days_ex_sum
  FROM d GROUP BY need`;

/** Decisions whether to assess (new assessments only: a reassessment's decision has its own kind) and advice, done in the period. */
export const EHC_STEPS_SQL = `
  SELECT ${NEED} AS need, m.kind, m.service,
    count(*) FILTER (WHERE m.done_on <= m.due_on)::int AS hit, count(*)::int AS all,
    count(*) FILTER (WHERE m.done_on <= m.due_on AND m.state <> 'exempt')::int AS hit_ex,
    count(*) FILTER (WHERE m.state <> 'exempt')::int AS all_ex
  FROM case_milestones m ${JOIN_CE}
  WHERE m.la_code = $1 AND m.kind IN ('decision_to_assess', 'advice')
    AND m.done_on BETWEEN $2::date AND $3::date AND ce.la_code = $1 AND ce.pathway = 'ehc_assessment'
  GROUP BY 1, 2, 3`;

/**
 * Open EHC assessments on asOf ($2; $3 the days "due soon" reaches, $4 the internal target kinds that
 * never make a case overdue), with completed weeks since the request.
 */
export const EHC_OPEN_SQL = `
  WITH f AS (
    SELECT ${NEED} AS need, ($2::date - ce.started_on) / 7 AS weeks,
      coalesce(bool_or(s.overdue), false) AS overdue,
      coalesce(bool_or(s.overdue AND s.kind IN ('final_plan', 'reassessment_final_plan')), false) AS final_overdue,
      coalesce(bool_or(s.done_on IS NULL AND s.due_on BETWEEN $2::date AND $2::date + $3::int), false) AS due_soon,
      coalesce(bool_or(s.state = 'exempt'), false) AS with_exception
    FROM case_evaluations ce
    LEFT JOIN LATERAL (
      SELECT m.kind, m.state, m.due_on, m.done_on,
        (m.done_on IS NULL AND m.state <> 'exempt' AND m.due_on < $2::date AND m.kind <> ALL($4::text[])) AS overdue
      FROM case_milestones m WHERE m.la_code = ce.la_code AND m.case_ref = ce.case_ref
        -- Only steps not done or exempt can make a case overdue, due soon or excepted (case_milestones_case_open_idx).
        AND (m.done_on IS NULL OR m.state = 'exempt')
    ) s ON true
    WHERE ce.la_code = $1 AND ce.pathway = 'ehc_assessment' AND ce.started_on <= $2::date
      AND coalesce(ce.closed_on, 'infinity'::date) > $2::date
    GROUP BY ce.case_ref, ce.need_code, ce.started_on
  )
  SELECT need, count(*)::int AS open, count(*) FILTER (WHERE overdue)::int AS overdue,
    count(*) FILTER (WHERE final_overdue)::int AS final_overdue, count(*) FILTER (WHERE due_soon)::int AS due_soon,
    count(*) FILTER (WHERE with_exception)::int AS with_exception,
    (SELECT json_object_agg(w.weeks, w.n) FROM (SELECT f2.weeks, count(*)::int AS n FROM f f2 WHERE f2.need = f.need GROUP BY 1) w) AS weeks
  FROM f GROUP BY need`;

/**
 * Annual reviews: meetings, decisions and amended plans done in the period; a decision completes the
 * review when made by its cycle's meeting due day; an amended plan is within $4 days of its cycle's
 * meeting. Phase transfers due in the period, by their state on asOf.
 */
export const REVIEWS_SQL = `
  WITH r AS MATERIALIZED (
    SELECT m.case_ref, m.kind, m.cycle, m.done_on, m.due_on FROM case_milestones m
    WHERE m.la_code = $1 AND m.kind IN ('review_meeting', 'review_decision', 'amended_plan') AND m.done_on BETWEEN $2::date AND $3::date
  ), x AS MATERIALIZED (
    -- The meeting of each decision's or amendment's cycle, held (one a cycle): among the steps done
    -- in the period, else found by key (case_milestones_pkey) for the cycles whose meeting was not.
    SELECT case_ref, cycle, done_on, due_on FROM r WHERE kind = 'review_meeting'
    UNION ALL
    SELECT p.case_ref, p.cycle, p.done_on, p.due_on
    FROM (SELECT case_ref, cycle FROM r WHERE kind <> 'review_meeting'
          EXCEPT SELECT case_ref, cycle FROM r WHERE kind = 'review_meeting') s
    JOIN case_milestones p ON p.la_code = $1 AND p.case_ref = s.case_ref AND p.milestone_key = 'review_meeting.' || s.cycle
    WHERE p.kind = 'review_meeting' AND p.done_on IS NOT NULL
  )
  SELECT coalesce(ce.need_code, 'unknown') AS need,
    count(*) FILTER (WHERE r.kind = 'review_meeting' AND r.done_on <= r.due_on)::int AS meetings_hit,
    count(*) FILTER (WHERE r.kind = 'review_meeting')::int AS meetings_all,
    count(*) FILTER (WHERE r.kind = 'review_decision' AND r.done_on <= r.due_on)::int AS decisions_hit,
    count(*) FILTER (WHERE r.kind = 'review_decision')::int AS decisions_all,
    count(*) FILTER (WHERE r.kind = 'review_decision' AND r.done_on <= x.due_on)::int AS completed_hit,
    count(*) FILTER (WHERE r.kind = 'amended_plan' AND r.done_on - x.done_on <= $4::int)::int AS amended_hit,
    count(*) FILTER (WHERE r.kind = 'amended_plan')::int AS amended_all
  FROM r JOIN case_evaluations ce ON ce.la_code = $1 AND ce.case_ref = r.case_ref AND ce.pathway = 'annual_review'
  LEFT JOIN x ON r.kind <> 'review_meeting' AND x.case_ref = r.case_ref AND x.cycle = r.cycle
  GROUP BY 1`;

export const TRANSFERS_SQL = `
  SELECT need, state, count(*)::int AS n FROM (
    SELECT ${NEED} AS need,
      CASE WHEN m.done_on IS NULL AND m.state <> 'exempt' THEN CASE WHEN m.due_on < $3::date THEN 'overdue' ELSE 'pending' END
           ELSE m.state END AS state
    FROM case_milestones m ${JOIN_CE}
    WHERE m.la_code = $1 AND m.kind = 'phase_transfer' AND m.due_on BETWEEN $2::date AND $3::date
      AND ce.la_code = $1 AND ce.pathway = 'annual_review'
  ) t GROUP BY 1, 2`;

/**
 * Waiting lists (slt, neurodevelopmental): how many wait each number of days on asOf ('w': open,
 * days from the stored clock start to asOf) and how many were seen after each wait in the period
 * ('s': first contact or assessment started).
 */
export const WAIT_DAYS_SQL = `
  SELECT ce.pathway, ${NEED} AS need, 'w' AS k, greatest(0, $3::date - ce.wait_clock_start) AS days, count(*)::int AS n
  FROM case_evaluations ce
  WHERE ce.la_code = $1 AND ce.pathway IN ('slt', 'neurodevelopmental') AND ce.wait_clock_start IS NOT NULL
    AND ce.started_on <= $3::date AND coalesce(ce.closed_on, 'infinity'::date) > $3::date
  GROUP BY 1, 2, 4
  UNION ALL
  SELECT ce.pathway, ${NEED}, 's', greatest(0, ce.closed_on - ce.wait_clock_start), count(*)::int
  FROM case_evaluations ce
  WHERE ce.la_code = $1 AND ce.pathway IN ('slt', 'neurodevelopmental') AND ce.wait_clock_start IS NOT NULL
    AND ce.outcome IN ('first_contact', 'assessment_started')
    AND coalesce(ce.closed_on, 'infinity'::date) BETWEEN $2::date AND $3::date -- case_evaluations_closed_idx
  GROUP BY 1, 2, 4`;

/**
 * NICE QS51 (ND): referrals whose $4 months (month end clamped) ended in the period before asOf,
 * less those discharged or closed unassessed by then; `within` had the assessment started by then.
 */
export const QS51_SQL = `
  SELECT need, count(*) FILTER (WHERE outcome = 'assessment_started' AND closed <= due)::int AS within,
    count(*) FILTER (WHERE NOT (outcome IN ('discharged', 'referral_closed') AND closed <= due))::int AS of
  FROM (
    SELECT ${NEED} AS need, ce.outcome, coalesce(ce.closed_on, 'infinity'::date) AS closed,
      (ce.started_on + make_interval(months => $4::int))::date AS due
    FROM case_evaluations ce
    WHERE ce.la_code = $1 AND ce.pathway = 'neurodevelopmental' AND ce.started_on IS NOT NULL
      AND ce.started_on BETWEEN $2::date - make_interval(months => $4::int + 1) AND $3::date
  ) q
  WHERE due BETWEEN $2::date AND $3::date AND due < $3::date
  GROUP BY need`;

/**
 * SEN support's links (LA-wide): EHC requests (not reassessments) in the period and the days from
 * the child's earliest SEN support start on or before them; each child at SEN support on asOf and
 * the longest open wait on each list ('slt', 'neurodevelopmental'), in days to asOf.
 */
export const LINKS_SQL = `
  WITH support AS (
    SELECT ce.child_ref, min(ce.started_on) AS since,
      bool_or(ce.started_on <= $3::date AND coalesce(ce.closed_on, 'infinity'::date) > $3::date) AS open
    FROM case_evaluations ce
    WHERE ce.la_code = $1 AND ce.pathway = 'sen_support' AND ce.started_on IS NOT NULL
    GROUP BY ce.child_ref
  ), requests AS (
    SELECT ce.child_ref, ce.started_on FROM case_evaluations ce
    WHERE ce.la_code = $1 AND ce.pathway = 'ehc_assessment' AND ce.started_on BETWEEN $2::date AND $3::date
      AND NOT coalesce((ce.summary ->> 'reassessment')::boolean, false)
  ), waits AS (
    SELECT ce.pathway, ce.child_ref, max(greatest(0, $3::date - ce.wait_clock_start)) AS days FROM case_evaluations ce
    WHERE ce.la_code = $1 AND ce.pathway IN ('slt', 'neurodevelopmental') AND ce.wait_clock_start IS NOT NULL
      AND ce.started_on <= $3::date AND coalesce(ce.closed_on, 'infinity'::date) > $3::date
    GROUP BY 1, 2
  )
  SELECT
    (SELECT count(*)::int FROM requests) AS requests,
    (SELECT coalesce(json_object_agg(days, n), '{}') FROM (
       SELECT r.started_on - s.since AS days, count(*)::int AS n FROM requests r JOIN support s USING (child_ref)
       WHERE s.since <= r.started_on GROUP BY 1) h) AS to_request,
    (SELECT coalesce(json_object_agg(pathway || ':' || days, n), '{}') FROM (
       SELECT w.pathway, w.days, count(*)::int AS n FROM waits w JOIN support s USING (child_ref) WHERE s.open GROUP BY 1, 2) h) AS waiting,
    (SELECT count(DISTINCT w.child_ref)::int FROM waits w JOIN support s USING (child_ref) WHERE s.open) AS either`;

/**
 * SEN support (from each spell's stored summary): on each term's counted day ($3 term starts, $4
 * counted days, oldest first, both ascending; k 'school' and 'need', the need stated by that day),
 * the spells started and ended in the term (k 'started', 'ended' by reason), and on asOf ($2) the
 * open spells (k 'open') and those whose review step is overdue, by school (k 'overdue'). i is the
 * term's position (from 1); key the school, need or reason. A spell is at support on the counted
 * days from the first on or after its start to the last before its end: width_bucket finds both, and
 * spells of one need are expanded over their terms a group at a time.
 */
export const SEN_SUPPORT_SQL = `
  WITH s AS MATERIALIZED (
    SELECT ce.case_ref, ${NEED} AS need, x."schoolUrn" AS school, x."startedOn" AS started, x."endedOn" AS ended,
      coalesce(x."endReason", 'other') AS reason,
      -- Most spells state one need: it is their need on every day, with no list to read.
      CASE WHEN jsonb_array_length(x.needs) = 1 THEN x.needs -> 0 ->> 'needCode' END AS only_need,
      CASE WHEN jsonb_array_length(x.needs) <> 1 THEN x.needs END AS needs,
      width_bucket(x."startedOn" - 1, $4::date[]) + 1 AS first_i,
      coalesce(width_bucket(x."endedOn" - 1, $4::date[]), cardinality($4::date[])) AS last_i
    FROM case_evaluations ce
    CROSS JOIN LATERAL jsonb_to_record(ce.summary -> 'senSupport')
      AS x("schoolUrn" text, "startedOn" date, "endedOn" date, "endReason" text, needs jsonb)
    WHERE ce.la_code = $1 AND ce.pathway = 'sen_support' AND ce.summary ? 'senSupport'
  ), at AS (
    SELECT g.need, i, g.school, g.only_need AS need_on, g.n FROM (
      SELECT need, school, only_need, first_i, last_i, count(*)::int AS n FROM s
      WHERE only_need IS NOT NULL AND first_i <= last_i GROUP BY 1, 2, 3, 4, 5
    ) g CROSS JOIN LATERAL generate_series(g.first_i, g.last_i) AS i
    UNION ALL
    SELECT s.need, i, s.school, coalesce(
        (SELECT n ->> 'needCode' FROM jsonb_array_elements(s.needs) WITH ORDINALITY AS e(n, o)
         WHERE (n ->> 'from')::date <= ($4::date[])[i] ORDER BY o DESC LIMIT 1),
        s.needs -> 0 ->> 'needCode', 'unknown'), 1
    FROM s CROSS JOIN LATERAL generate_series(s.first_i, s.last_i) AS i
    WHERE s.only_need IS NULL
  ), flows AS (
    SELECT need, reason, started, ended, width_bucket(started, $3::date[]) AS started_i, width_bucket(ended, $3::date[]) AS ended_i
    FROM s
  )
  SELECT 'school' AS k, need, i, school AS key, sum(n)::int AS n FROM at GROUP BY need, i, school
  UNION ALL
  SELECT 'need', need, i, need_on, sum(n)::int FROM at GROUP BY need, i, need_on
  UNION ALL
  SELECT 'started', need, started_i, NULL, count(*)::int FROM flows
  WHERE started_i >= 1 AND started <= ($4::date[])[started_i] GROUP BY 2, 3
  UNION ALL
  SELECT 'ended', need, ended_i, reason, count(*)::int FROM flows
  WHERE ended_i >= 1 AND ended <= ($4::date[])[ended_i] GROUP BY 2, 3, 4
  UNION ALL
  SELECT 'open', need, NULL, NULL, count(*)::int FROM s WHERE s.started <= $2::date AND s.ended IS NULL GROUP BY 2
  UNION ALL
  SELECT 'overdue', s.need, NULL, s.school, count(*)::int FROM s
  WHERE s.started <= $2::date AND s.ended IS NULL AND s.case_ref IN (
    SELECT m.case_ref FROM case_milestones m
    WHERE m.la_code = $1 AND m.kind = 'support_review' AND m.done_on IS NULL AND m.state <> 'exempt' AND m.due_on < $2::date)
  GROUP BY 2, 4`;

/**
 * Alternative provision (from each placement's stored summary): open placements on asOf ($3) by
 * dimension (all, provider, reason, commissioner) with their part-time ($4 full-time hours) and
 * unreviewed ($5, $6 days) counts, hours and a histogram of days in placement (days since the start
 * or last review derived from asOf); and the placements ended in the period (dim 'ended').
 */
export const PLACEMENTS_SQL = `
  WITH p AS MATERIALIZED (
    SELECT ${NEED} AS need, x.*,
      greatest(0, coalesce(x."endedOn", $3::date) - x."startedOn") AS days,
      greatest(0, coalesce(x."endedOn", $3::date) - coalesce(x."lastReviewedOn", x."startedOn")) AS unreviewed
    FROM case_evaluations ce
    CROSS JOIN LATERAL jsonb_to_record(ce.summary -> 'placement') AS x("providerUrn" text, "providerKind" text,
      "hoursPerWeek" numeric, reason text, "commissionedBy" text, "startedOn" date, "endedOn" date, "lastReviewedOn" date)
    WHERE ce.la_code = $1 AND ce.pathway = 'alternative_provision' AND ce.summary ? 'placement'
  ), g AS (
    SELECT p.need, d.dim, d.key, p.days, count(*)::int AS n,
      count(*) FILTER (WHERE p."hoursPerWeek" < $4)::int AS part_time,
      count(*) FILTER (WHERE p.unreviewed > $5::int)::int AS past_review,
      count(*) FILTER (WHERE p.unreviewed > $6::int)::int AS past_long, sum(p."hoursPerWeek") AS hours
    FROM p CROSS JOIN LATERAL (VALUES ('all', ''),
      ('provider', coalesce(p."providerUrn", 'kind:' || coalesce(p."providerKind", 'other'))),
      ('reason', p.reason), ('commissioner', p."commissionedBy")) AS d(dim, key)
    WHERE p."startedOn" <= $3::date AND p."endedOn" IS NULL
    GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT p.need, 'ended', '', p.days, count(*)::int, 0, 0, 0, 0 FROM p WHERE p."endedOn" BETWEEN $2::date AND $3::date GROUP BY 1, 4
  )
  SELECT need, dim, key, sum(n)::int AS open, sum(part_time)::int AS part_time, sum(past_review)::int AS past_review,
    sum(past_long)::int AS past_long, sum(hours)::float8 AS hours, json_object_agg(days, n) AS days
  FROM g GROUP BY 1, 2, 3`;
