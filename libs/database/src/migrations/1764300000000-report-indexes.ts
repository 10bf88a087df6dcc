import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the reports (libs/compliance/src/reports) and the dashboards, measured with
 * test/bench/reports.bench.ts at 1,000,000 cases. Keys lead with la_code; a national report
 * probes them once per LA.
 * - Steps done in a period, by kind (final plans, decisions, advice, review steps): an index-only
 *   range scan carrying what the measures read.
 * - Phase transfers by due date.
 * - A case's steps still open or exempt (open assessments: overdue, due soon, with exceptions).
 * - Cases of a pathway by the day they closed, open ones last ('infinity'): who was waiting, or
 *   which assessments were open, on a date is one range; also the waits that ended in a period.
 */
export class ReportIndexes1764300000000 implements MigrationInterface {
  name = 'ReportIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX case_milestones_done_idx ON case_milestones (la_code, kind, done_on)
      INCLUDE (case_ref, clock_from, due_on, state, service, cycle) WHERE done_on IS NOT NULL`);
    await q.query(`
      CREATE INDEX case_milestones_transfer_idx ON case_milestones (la_code, due_on) INCLUDE (state)
      WHERE kind = 'phase_transfer'`);
    await q.query(`
      CREATE INDEX case_milestones_case_open_idx ON case_milestones (la_code, case_ref)
      INCLUDE (kind, state, due_on, clock_from) WHERE done_on IS NULL OR state = 'exempt'`);
    await q.query(`
      CREATE INDEX case_evaluations_closed_idx ON case_evaluations (la_code, pathway, (coalesce(closed_on, 'infinity'::date)))
      INCLUDE (case_ref, started_on, wait_clock_start, outcome, wait_days, as_of)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'case_evaluations_closed_idx',
      'case_milestones_case_open_idx',
      'case_milestones_transfer_idx',
      'case_milestones_done_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
