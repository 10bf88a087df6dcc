import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `open_assessment_counts`: each LA's open EHC assessments as of a date, the counts the open
 * assessments report adds up (issue 16: England's figure from 151 stored rows, not from every
 * LA's milestones on each request). Refreshed for one LA after each recompute of its cases and at
 * the end of its nightly pass; written by the reports module (open-counts.repository.ts) alone.
 */
export class OpenAssessmentCounts1765700000000 implements MigrationInterface {
  name = 'OpenAssessmentCounts1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open_assessment_counts (
        la_code text COLLATE "C" NOT NULL,
        as_of date NOT NULL,
        open int NOT NULL,
        overdue int NOT NULL,
        final_overdue int NOT NULL,
        due_soon int NOT NULL,
        with_exception int NOT NULL,
        evaluated_later int NOT NULL,
        weeks jsonb NOT NULL,
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, as_of)
      )`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE open_assessment_counts`);
  }
}
