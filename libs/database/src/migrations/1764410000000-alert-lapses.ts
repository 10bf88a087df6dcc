import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `alerts.lapsed_at`: when the case stopped raising the alert (its step was done, or it was no
 * longer due). The recompute sets it with `resolution = 'cleared'` on an open alert, and alone on
 * one a person resolved by hand; an alert raised again after it lapsed is reopened (see
 * WRITE_ALERTS in libs/compliance/src/milestones/milestones.repository.ts). Alerts cleared before
 * this migration lapsed when they were cleared. The index holds the few alerts resolved by hand
 * that the case still raises: the ones a recompute must watch for lapsing.
 */
export class AlertLapses1764410000000 implements MigrationInterface {
  name = 'AlertLapses1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts ADD COLUMN lapsed_at timestamptz`);
    await q.query(`UPDATE alerts SET lapsed_at = resolved_at WHERE resolution = 'cleared'`);
    await q.query(`
      CREATE INDEX alerts_case_unlapsed_idx ON alerts (la_code, case_ref)
      WHERE resolved_at IS NOT NULL AND lapsed_at IS NULL AND kind <> 'escalation'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alerts_case_unlapsed_idx`);
    await q.query(`ALTER TABLE alerts DROP COLUMN lapsed_at`);
  }
}
