import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `case_evaluations.summary`: what a case's measures need beyond its columns, time-independent
 * (issue 16: snapshots counted from what is stored, not by re-evaluating every case). An EHC
 * assessment's reassessment flag, a SEN support spell (school, needs, reviews) and an AP placement
 * (provider, hours, reason, reviews); null on other pathways, and on rows written before it was kept
 * (the fingerprint includes it, so the next pass rewrites those).
 */
export class EvaluationSummary1766000000000 implements MigrationInterface {
  name = 'EvaluationSummary1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_evaluations ADD COLUMN summary jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_evaluations DROP COLUMN summary`);
  }
}
