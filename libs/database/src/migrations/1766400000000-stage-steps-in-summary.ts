import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An ended new EHC assessment's stored evaluation keeps the steps its stage durations read
 * (`summary.stageSteps`: [kind, done on, state] of its decision, advice, draft and final plan, in
 * key order), so the nightly stage durations by change read them with the case instead of looking
 * up its milestones (issue 16: 1.7 s of PostgreSQL a normal night for 151 LAs). The evaluations
 * stored before are given theirs from their milestones here; StageDistributionsFromStore still
 * reads the milestones of one without. Their fingerprints are left as they were: a case evaluated
 * again is written once more, with the same steps.
 */
export class StageStepsInSummary1766400000000 implements MigrationInterface {
  name = 'StageStepsInSummary1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE case_evaluations ce SET summary = coalesce(ce.summary, '{}'::jsonb) || jsonb_build_object('stageSteps', (
        SELECT coalesce(jsonb_agg(jsonb_build_array(m.kind, m.done_on::text, m.state) ORDER BY m.milestone_key), '[]')
        FROM case_milestones m
        WHERE m.la_code = ce.la_code AND m.case_ref = ce.case_ref
          AND m.kind IN ('decision_to_assess', 'advice', 'draft_plan', 'final_plan')))
      WHERE ce.pathway = 'ehc_assessment' AND ce.closed_on IS NOT NULL
        AND NOT coalesce((ce.summary ->> 'reassessment')::boolean, false)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE case_evaluations SET summary = summary - 'stageSteps' WHERE summary ? 'stageSteps'`);
  }
}
