import { ADVICE_SERVICES } from '@app/rules';

// One LA's annual review counts per day ($1 the LA, $2 the amended-plan cap in days, $3 whether the
// notice and cap periods differ): what ReportsRepository.reviewCounts counts over a period, counted
// once per day so a period's figure is a sum of stored rows (review_counts).
// - steps done that day: review meetings and decisions on time, decisions on or before their
//   cycle's review meeting due day (review completed), amended plans within the cap of their
//   cycle's meeting (on time, or late against a notice-based due day but within the cap);
// - phase transfers falling due that day, by state;
// each day by the primary need of the steps' cases (a row per day and need: an LA's nightly
// snapshot adds up its period by need, SnapshotCountsRepository; a national report adds up every
// need). A step's need is its case's stored one, 'unknown' when none: a case whose need changes
// has every counted day of its steps re-counted (MilestonesRepository's `days`).
/** The phase transfer states review_counts counts (case_milestones' state check). */
export const TRANSFER_STATES = ['met', 'missed', 'pending', 'overdue', 'exempt'] as const;
/** review_counts' columns of steps done, per day. */
export const DONE_COLUMNS = [
  'meetings_hit',
  'meetings_all',
  'decisions_hit',
  'decisions_all',
  'completed_hit',
  'amended_hit',
  'amended_all',
] as const;

/**
 * The steps the day counts count, by the day they count on: a step of `DONE_KINDS` on the day it
 * was done, a phase transfer on its due day. Re-counting the days a write touched (the old and new
 * days of these steps of the cases written) keeps every stored day right.
 */
const REVIEW_KINDS = ['review_meeting', 'review_decision', 'amended_plan'] as const;
const STAGE_KINDS = ['decision_to_assess', 'advice'] as const;
export const DAY_COUNTED = {
  doneKinds: [...REVIEW_KINDS, ...STAGE_KINDS],
  dueKinds: ['phase_transfer'],
} as const;

/**
 * A step's need: its case's stored primary need, 'unknown' when none; '' when the case has no
 * stored evaluation (never: both are written together), which a snapshot leaves out as its join to
 * the evaluations would, and a national report counts as it always did.
 */
const NEED_OF = (alias: string) => `CASE WHEN ${alias}_ce.case_ref IS NULL THEN '' ELSE coalesce(${alias}_ce.need_code, 'unknown') END`;
const JOIN_NEED = (alias: string) =>
  `LEFT JOIN case_evaluations ${alias}_ce ON ${alias}_ce.la_code = ${alias}.la_code AND ${alias}_ce.case_ref = ${alias}.case_ref`;

/** A kind list as SQL literals (the statements below name their kinds, the planner sees them). */
const kinds = (list: readonly string[]) => list.map((k) => `'${k}'`).join(', ');

/** The condition that keeps `column` to the days in the parameter `days` (e.g. '$4') when only those are re-counted. */
const onDays = (column: string, days: string | null) => (days ? ` AND ${column} = ANY(${days}::date[])` : '');

// One index-only range of the LA's review steps done (case_milestones_done_idx); each decision and
// amended plan finds its cycle's meeting among them by a hash join, and only a decision whose
// meeting is not done looks it up by key (its due day still judges the review completed). Counting
// only some days ($4), the meetings of the steps done on them are looked up by key instead (they
// may have been held on any day).
const reviewDays = (only: boolean) => `WITH r AS MATERIALIZED (
         SELECT m.case_ref, m.kind, m.cycle, m.done_on, m.due_on, m.clock_from, ${NEED_OF('m')} AS need
         FROM case_milestones m ${JOIN_NEED('m')}
         WHERE m.la_code = $1 AND m.kind IN (${kinds(REVIEW_KINDS)}) AND m.done_on IS NOT NULL
           ${onDays('m.done_on', only ? '$4' : null)}
       ), x AS MATERIALIZED (${
         only
           ? `
         SELECT m.case_ref, m.cycle, m.done_on, m.due_on FROM (SELECT DISTINCT case_ref, cycle FROM r WHERE kind <> 'review_meeting') s
         JOIN case_milestones m ON m.la_code = $1 AND m.case_ref = s.case_ref AND m.milestone_key = 'review_meeting.' || s.cycle
         WHERE m.kind = 'review_meeting' AND m.done_on IS NOT NULL`
           : `
         SELECT case_ref, cycle, done_on, due_on FROM r WHERE kind = 'review_meeting'`
       }
       ), m AS (
         SELECT r.done_on AS on_date, r.need, r.kind, r.done_on <= r.due_on AS on_time,
           (r.done_on > r.due_on AND NOT ($3::boolean AND r.due_on - r.clock_from = $2::int)
             AND r.done_on - x.done_on <= $2::int) AS late_within_cap,
           r.done_on <= CASE WHEN x.case_ref IS NOT NULL THEN x.due_on WHEN r.kind = 'review_decision' THEN (
             SELECT p.due_on FROM case_milestones p WHERE p.la_code = $1 AND p.case_ref = r.case_ref
               AND p.milestone_key = 'review_meeting.' || r.cycle AND p.kind = 'review_meeting') END AS completed
         FROM r LEFT JOIN x ON r.kind <> 'review_meeting' AND x.case_ref = r.case_ref AND x.cycle = r.cycle
       ), done AS (
         SELECT on_date, need,
           count(*) FILTER (WHERE kind = 'review_meeting' AND on_time)::int AS meetings_hit,
           count(*) FILTER (WHERE kind = 'review_meeting')::int AS meetings_all,
           count(*) FILTER (WHERE kind = 'review_decision' AND on_time)::int AS decisions_hit,
           count(*) FILTER (WHERE kind = 'review_decision')::int AS decisions_all,
           count(*) FILTER (WHERE kind = 'review_decision' AND completed)::int AS completed_hit,
           count(*) FILTER (WHERE kind = 'amended_plan' AND (on_time OR late_within_cap))::int AS amended_hit,
           count(*) FILTER (WHERE kind = 'amended_plan')::int AS amended_all
         FROM m GROUP BY on_date, need
       ), due AS (
         SELECT t.due_on AS on_date, ${NEED_OF('t')} AS need,
           ${TRANSFER_STATES.map((s) => `count(*) FILTER (WHERE t.state = '${s}')::int AS transfers_${s}`).join(', ')}
         FROM case_milestones t ${JOIN_NEED('t')}
         WHERE t.la_code = $1 AND t.kind = '${DAY_COUNTED.dueKinds[0]}'${onDays('t.due_on', only ? '$4' : null)}
         GROUP BY 1, 2
       )
       SELECT $1::text AS la_code, coalesce(d.on_date, t.on_date) AS on_date,
         ${DONE_COLUMNS.map((c) => `coalesce(d.${c}, 0) AS ${c}`).join(', ')},
         ${TRANSFER_STATES.map((s) => `coalesce(t.transfers_${s}, 0) AS transfers_${s}`).join(', ')},
         coalesce(d.need, t.need) AS need
       FROM done d FULL JOIN due t ON t.on_date = d.on_date AND t.need = d.need`;
export const REVIEW_DAYS_SQL = reviewDays(false);
/** The same for the days $4 only. */
export const REVIEW_SOME_DAYS_SQL = reviewDays(true);

/** stage_counts' columns: each share's counts for decisions to assess, then advice by service. */
export const STAGE_SHARES = ['decisions', ...ADVICE_SERVICES.map((s) => `advice_${s}`)] as const;
const SHARE_COUNTS = ['hit', 'all', 'hit_ex', 'all_ex'] as const;
export const STAGE_COLUMNS = STAGE_SHARES.flatMap((p) => SHARE_COUNTS.map((c) => `${p}_${c}`));

/** Counts of one share over the steps matching `where`, as ReportsRepository's INCL_EXCL counts them. */
const shareOf = (prefix: string, where: string) => {
  const onTime = 'm.done_on <= m.due_on';
  return [
    `count(*) FILTER (WHERE ${where} AND ${onTime})::int AS ${prefix}_hit`,
    `count(*) FILTER (WHERE ${where})::int AS ${prefix}_all`,
    `count(*) FILTER (WHERE ${where} AND ${onTime} AND m.state <> 'exempt')::int AS ${prefix}_hit_ex`,
    `count(*) FILTER (WHERE ${where} AND m.state <> 'exempt')::int AS ${prefix}_all_ex`,
  ].join(', ');
};

const EHC_ADVICE = `m.kind = 'advice' AND m.pathway = 'ehc_assessment'`;

// One LA's ($1) decisions to assess and EHC advice by service done per day and need: what
// ReportsRepository.decisionCounts and adviceCounts count over a period, counted once per day.
const stageDays = (only: boolean) => `SELECT $1::text AS la_code, m.done_on AS on_date,
         ${shareOf('decisions', `m.kind = 'decision_to_assess'`)},
         ${ADVICE_SERVICES.map((s) => shareOf(`advice_${s}`, `${EHC_ADVICE} AND m.service = '${s}'`)).join(', ')},
         ${NEED_OF('m')} AS need
       FROM case_milestones m ${JOIN_NEED('m')}
       WHERE m.la_code = $1 AND m.kind IN (${kinds(STAGE_KINDS)}) AND m.done_on IS NOT NULL
         ${onDays('m.done_on', only ? '$2' : null)}
       GROUP BY 2, need`;
export const STAGE_DAYS_SQL = stageDays(false);
/** The same for the days $2 only. */
export const STAGE_SOME_DAYS_SQL = stageDays(true);
