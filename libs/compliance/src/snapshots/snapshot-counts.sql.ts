// The nightly snapshot's counts for one LA ($1) over the period $2 to $3 (the snapshot date, asOf),
// by primary need ('unknown' when none): set-based SQL over what the worker stores (case_milestones,
// case_evaluations), counting as the libs/rules accumulators do, so libs/rules' ...FromCounts turn
// them into the same measures. The LA-wide row ('all') is the sum of the needs' counts.
// - Whatever ages is derived from stored dates and asOf, never read from a stored day count or a
//   stored pending/overdue state (a row may be as of an earlier night): a step not done is overdue
//   when asOf is past its due day (exempt steps never are); an open wait's days run to asOf.
// - A step is on time when done_on <= due_on, exempt or not; "excluding exceptions" drops exempt steps
//   (as reports.repository.ts, whose figures are the same without the need grouping).

/** The (pathway, need) groups of every stored case, as the accumulator makes one per case fed. */
export const GROUPS_SQL = `
  SELECT DISTINCT pathway, coalesce(need_code, 'unknown') AS need FROM case_evaluations WHERE la_code = $1`;

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
    WHERE m.la_code = $1 AND m.pathway = 'ehc_assessment' AND m.kind = 'final_plan' AND m.done_on BETWEEN $2::date AND $3::date
      AND ce.started_on IS NOT NULL
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
  WHERE m.la_code = $1 AND m.pathway = 'ehc_assessment' AND m.kind IN ('decision_to_assess', 'advice')
    AND m.done_on BETWEEN $2::date AND $3::date
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
  SELECT ${NEED} AS need,
    count(*) FILTER (WHERE m.kind = 'review_meeting' AND m.done_on <= m.due_on)::int AS meetings_hit,
    count(*) FILTER (WHERE m.kind = 'review_meeting')::int AS meetings_all,
    count(*) FILTER (WHERE m.kind = 'review_decision' AND m.done_on <= m.due_on)::int AS decisions_hit,
    count(*) FILTER (WHERE m.kind = 'review_decision')::int AS decisions_all,
    count(*) FILTER (WHERE m.kind = 'review_decision' AND m.done_on <= x.due_on)::int AS completed_hit,
    count(*) FILTER (WHERE m.kind = 'amended_plan' AND m.done_on - x.done_on <= $4::int)::int AS amended_hit,
    count(*) FILTER (WHERE m.kind = 'amended_plan')::int AS amended_all
  FROM case_milestones m ${JOIN_CE}
  LEFT JOIN LATERAL (
    SELECT x.due_on, x.done_on FROM case_milestones x
    WHERE x.la_code = m.la_code AND x.case_ref = m.case_ref AND x.kind = 'review_meeting' AND x.cycle IS NOT DISTINCT FROM m.cycle
    ORDER BY x.milestone_key LIMIT 1
  ) x ON m.kind <> 'review_meeting'
  WHERE m.la_code = $1 AND m.pathway = 'annual_review' AND m.kind IN ('review_meeting', 'review_decision', 'amended_plan')
    AND m.done_on BETWEEN $2::date AND $3::date
  GROUP BY 1`;

export const TRANSFERS_SQL = `
  SELECT need, state, count(*)::int AS n FROM (
    SELECT ${NEED} AS need,
      CASE WHEN m.done_on IS NULL AND m.state <> 'exempt' THEN CASE WHEN m.due_on < $3::date THEN 'overdue' ELSE 'pending' END
           ELSE m.state END AS state
    FROM case_milestones m ${JOIN_CE}
    WHERE m.la_code = $1 AND m.pathway = 'annual_review' AND m.kind = 'phase_transfer' AND m.due_on BETWEEN $2::date AND $3::date
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
    AND ce.outcome IN ('first_contact', 'assessment_started') AND ce.closed_on BETWEEN $2::date AND $3::date
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
 * SEN support spells and AP placements, one row a case with its stored summary: the accumulators of
 * libs/rules are fed from these (terms history, schools and providers are many small groups). Review
 * overdue derived from the stored review steps and asOf ($2).
 */
export const SUPPORT_CASES_SQL = `
  SELECT ce.pathway, ce.case_ref, ${NEED} AS need, ce.status, ce.started_on::text, ce.closed_on::text, ce.summary,
    EXISTS (SELECT 1 FROM case_milestones m WHERE m.la_code = ce.la_code AND m.case_ref = ce.case_ref
      AND m.kind = 'support_review' AND m.done_on IS NULL AND m.state <> 'exempt' AND m.due_on < $2::date) AS review_overdue
  FROM case_evaluations ce
  WHERE ce.la_code = $1 AND ce.pathway IN ('sen_support', 'alternative_provision') AND ce.summary IS NOT NULL
  ORDER BY ce.case_ref`;
