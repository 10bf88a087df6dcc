// Open EHC assessments on a date ($2), counted over the LAs $1 with steps due within $3 days, and
// the internal target kinds $4 that never make a case overdue: one statement, shared by the report
// (ReportsRepository.openCounts) and the stored per-LA counts (OpenCountsRepository.refresh).
export const OPEN_COUNTS_SQL = `WITH o AS (
         SELECT ce.la_code, ce.case_ref, ce.started_on, ce.as_of FROM case_evaluations ce
         WHERE ($1::text[] IS NULL OR ce.la_code = ANY($1::text[])) AND ce.pathway = 'ehc_assessment'
           AND coalesce(ce.closed_on, 'infinity'::date) > $2::date AND ce.started_on <= $2::date
       ), f AS MATERIALIZED (
         SELECT o.started_on,
           coalesce(bool_or(s.overdue), false) AS overdue,
           coalesce(bool_or(s.overdue AND s.kind IN ('final_plan', 'reassessment_final_plan')), false) AS final_overdue,
           coalesce(bool_or(NOT s.done AND NOT s.overdue AND s.due_on BETWEEN $2::date AND $2::date + $3::int), false) AS due_soon,
           coalesce(bool_or(s.state = 'exempt'), false) AS with_exception
         FROM o LEFT JOIN LATERAL (
           SELECT m.kind, m.state, m.due_on, (m.done_on IS NOT NULL AND m.done_on <= $2::date) AS done,
             (m.state <> 'exempt' AND (m.done_on IS NULL OR m.done_on > $2::date) AND m.due_on < $2::date
               AND m.kind <> ALL($4::text[])) AS overdue
           FROM case_milestones m WHERE m.la_code = o.la_code AND m.case_ref = o.case_ref AND m.clock_from <= $2::date
             -- Used when every open case was evaluated as of asOf or before: what is done is done by then.
             AND (m.done_on IS NULL OR m.state = 'exempt')
         ) s ON true
         GROUP BY o.la_code, o.case_ref, o.started_on
       )
       SELECT count(*)::int AS open, count(*) FILTER (WHERE overdue)::int AS overdue,
         count(*) FILTER (WHERE final_overdue)::int AS final_overdue, count(*) FILTER (WHERE due_soon)::int AS due_soon,
         count(*) FILTER (WHERE with_exception)::int AS with_exception,
         (SELECT count(*) FROM o WHERE o.as_of > $2::date)::int AS evaluated_later,
         (SELECT coalesce(jsonb_object_agg(weeks, n), '{}'::jsonb)
            FROM (SELECT ($2::date - started_on) / 7 AS weeks, count(*)::int AS n FROM f GROUP BY 1) h) AS weeks
       FROM f`;

// The LAs among $1 holding stored evaluations, as `evaluated` (la_code; a last null row ends it):
// one index probe per LA found (a skip scan; PostgreSQL 15 has none of its own), for the checks
// that every such LA has its stored counts.
export const EVALUATED_LAS_SQL = `WITH RECURSIVE evaluated AS (
         (SELECT la_code FROM case_evaluations WHERE la_code = ANY($1::text[]) ORDER BY la_code LIMIT 1)
         UNION ALL
         SELECT (SELECT c.la_code FROM case_evaluations c WHERE c.la_code = ANY($1::text[]) AND c.la_code > e.la_code
                 ORDER BY c.la_code LIMIT 1)
         FROM evaluated e WHERE e.la_code IS NOT NULL
       )`;
