import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `case_evaluations_la_pathway_idx` (la_code, pathway, status), the first migration's index.
 * Every read it served leads with (la_code, pathway), which the closed and groups indexes lead with
 * too; only the followed cases' list filters on status, and over one LA's assessments that costs
 * 1.7 ms by the groups index against 0.9 ms by this one (the largest of 151 LAs at 1,000,000
 * cases). Each stored evaluation kept it up: COPY of 500,000 evaluations took 0.65 s more with it
 * than without, about 1.3 s of PostgreSQL's CPU in a backfill of 1,000,000 cases.
 */
export class EvaluationsWithoutStatusIndex1767100000000 implements MigrationInterface {
  name = 'EvaluationsWithoutStatusIndex1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_evaluations_la_pathway_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX case_evaluations_la_pathway_idx ON case_evaluations (la_code, pathway, status)`);
  }
}
