// Waiting lists (slt, neurodevelopmental) counted from the stored evaluations: the rows each count
// reads, shared by the report's statements over any LAs (ReportsRepository.waitCounts) and the
// stored per-LA counts England's list adds up (WaitingListCountsRepository). Parameters by name:
// las (text[] or null: every LA), pathways (text[]), asOf, dnaRestarts (boolean), seenFrom, qs51Months.

export interface WaitParams {
  las: string;
  pathways: string;
  asOf: string;
  dnaRestarts: string;
  seenFrom: string;
  qs51Months: string;
}

const inLas = (p: WaitParams) => `(${p.las}::text[] IS NULL OR ce.la_code = ANY(${p.las}::text[]))`;

/**
 * Who waits on asOf (referred by then, not closed by then): la_code, pathway, case_ref, clock_start
 * (the clock restarted by a DNA when the rules say so), days waited.
 */
export const waitingRows = (p: WaitParams) => `
  SELECT la_code, pathway, case_ref, clock_start, greatest(0, ${p.asOf}::date - clock_start) AS days FROM (
    SELECT ce.la_code, ce.pathway, ce.case_ref,
      CASE WHEN ${p.dnaRestarts}::boolean AND ce.wait_clock_start <= ${p.asOf}::date THEN ce.wait_clock_start ELSE ce.started_on END
        AS clock_start
    FROM case_evaluations ce
    WHERE ${inLas(p)} AND ce.pathway = ANY(${p.pathways}::text[])
      AND coalesce(ce.closed_on, 'infinity'::date) > ${p.asOf}::date AND ce.started_on <= ${p.asOf}::date) w`;

/** Who was seen (first contact, assessment started) from seenFrom to asOf: pathway, wait_days. */
export const seenRows = (p: WaitParams) => `
  SELECT ce.pathway, ce.wait_days FROM case_evaluations ce
  WHERE ${inLas(p)} AND ce.pathway = ANY(${p.pathways}::text[])
    AND coalesce(ce.closed_on, 'infinity'::date) BETWEEN ${p.seenFrom}::date AND ${p.asOf}::date
    AND ce.outcome IN ('first_contact', 'assessment_started')
    AND ce.wait_days IS NOT NULL`;

/**
 * NICE QS51 (ND): referrals whose qs51Months months from the referral ended in [seenFrom, asOf),
 * less those discharged or closed unassessed by then; `within` had the assessment started by then.
 * The due day is the referral date + months, clamped to the month end as libs/rules addMonths.
 */
export const qs51Counts = (p: WaitParams) => `
  SELECT count(*) FILTER (WHERE outcome = 'assessment_started' AND closed <= due)::int AS within,
    count(*) FILTER (WHERE NOT (outcome IN ('discharged', 'referral_closed') AND closed <= due))::int AS of
  FROM (
    SELECT ce.outcome, coalesce(ce.closed_on, 'infinity'::date) AS closed,
      (ce.started_on + make_interval(months => ${p.qs51Months}::int))::date AS due
    FROM case_evaluations ce
    WHERE ${inLas(p)} AND ce.pathway = 'neurodevelopmental'
      AND ce.started_on BETWEEN ${p.seenFrom}::date - make_interval(months => ${p.qs51Months}::int + 1) AND ${p.asOf}::date
  ) q
  WHERE due >= ${p.seenFrom}::date AND due < ${p.asOf}::date`;
