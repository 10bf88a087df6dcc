import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables a nightly pass and the ingest's recomputes rewrite, which the reports read from their indexes alone. */
const NIGHTLY_REWRITTEN = ['case_evaluations', 'case_milestones', 'alerts'] as const;

const SETTINGS = ['autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_insert_scale_factor', 'autovacuum_analyze_scale_factor'];

/**
 * Autovacuum after each night's writes, not after a fifth of the table: PostgreSQL's defaults
 * wait for dead rows (or new ones) of 20% of a table, 1,600,000 of case_milestones at national size,
 * where a normal night rewrites about 4,000. Until a vacuum marks their pages all-visible again,
 * the reports' index-only scans go back to the table for each row the night rewrote: everyone's
 * caseworker lists in the largest LA, p95 43-49 ms with the night vacuumed against 57 ms without.
 * At 0.2% (2,000 at 1,000,000 evaluations) a night's or a busy day's writes are vacuumed within a
 * minute or so of autovacuum's nap; a vacuum of so few rows reads only the pages they are on.
 */
export class VacuumAfterEachNight1767400000000 implements MigrationInterface {
  name = 'VacuumAfterEachNight1767400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of NIGHTLY_REWRITTEN) {
      await q.query(`
        ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0.002, autovacuum_vacuum_insert_scale_factor = 0.002,
          autovacuum_analyze_scale_factor = 0.01)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of NIGHTLY_REWRITTEN) {
      await q.query(`ALTER TABLE ${table} RESET (${SETTINGS.join(', ')})`);
    }
  }
}
