import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the reports (libs/compliance/src/reports) and the dashboards, measured with
 * test/bench/reports.bench.ts at 1,000,000 cases. Keys lead with la_code.
 * - Steps done in a period, by kind (final plans, decisions, advice, review steps): an index-only
 *   range scan per LA and kind, carrying what the measures read.
 * - Cases of a pathway by start date (waiting lists and open assessments as of any date).
 */
export class ReportIndexes1764300000000 implements MigrationInterface {
  name = 'ReportIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX case_milestones_done_idx ON case_milestones (la_code, kind, done_on)
      INCLUDE (case_ref, clock_from, due_on, state, service, cycle) WHERE done_on IS NOT NULL`);
    await q.query(`
      CREATE INDEX case_evaluations_started_idx ON case_evaluations (la_code, pathway, started_on)
      INCLUDE (case_ref, closed_on, wait_clock_start, wait_stopped_on, outcome, wait_days) WHERE started_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_evaluations_started_idx`);
    await q.query(`DROP INDEX case_milestones_done_idx`);
  }
}
