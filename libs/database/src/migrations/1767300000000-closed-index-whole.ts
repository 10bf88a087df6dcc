import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluations' closed index carries closed_on itself: PostgreSQL reads a query from an index
 * alone only when every column it names is there, and coalesce(closed_on, 'infinity') in the index's
 * key does not count for closed_on. The assessments open on a date (the start of a past date's
 * count for one LA: 2,110 of 4,162 in the range at national size) were read through the table,
 * 24.6 ms; from the index alone 6.6 ms.
 */
export class ClosedIndexWhole1767300000000 implements MigrationInterface {
  name = 'ClosedIndexWhole1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_evaluations_closed_idx`);
    await q.query(`
      CREATE INDEX case_evaluations_closed_idx ON case_evaluations (la_code, pathway, (coalesce(closed_on, 'infinity'::date)))
      INCLUDE (case_ref, started_on, wait_clock_start, outcome, wait_days, as_of, closed_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_evaluations_closed_idx`);
    await q.query(`
      CREATE INDEX case_evaluations_closed_idx ON case_evaluations (la_code, pathway, (coalesce(closed_on, 'infinity'::date)))
      INCLUDE (case_ref, started_on, wait_clock_start, outcome, wait_days, as_of)`);
  }
}
