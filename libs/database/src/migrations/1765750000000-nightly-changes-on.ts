import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nightly work proportional to change (issue 16):
 * - `case_evaluations.changes_on`: the first day the stored evaluation would change with no new
 *   events (libs/rules nextChangeOn); null when time alone never changes it. The nightly pass
 *   re-evaluates an LA's cases whose day has come (case_evaluations_changes_idx), not all of them.
 * - `nightly_pass_state`: per LA, the rules and staff the last pass ran with and when. A pass whose
 *   rules-table hash or staff differ re-evaluates the LA in full. Written by the milestones module.
 * Rows stored before this have no changes_on and no LA has a state: the first pass is a full one.
 */
export class NightlyChangesOn1765750000000 implements MigrationInterface {
  name = 'NightlyChangesOn1765750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_evaluations ADD COLUMN changes_on date`);
    await q.query(`CREATE INDEX case_evaluations_changes_idx ON case_evaluations (la_code, changes_on)`);
    await q.query(`
      CREATE TABLE nightly_pass_state (
        la_code text COLLATE "C" NOT NULL,
        rules_version text NOT NULL,
        staff_version text NOT NULL,
        as_of date NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code)
      )`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE nightly_pass_state`);
    await q.query(`DROP INDEX case_evaluations_changes_idx`);
    await q.query(`ALTER TABLE case_evaluations DROP COLUMN changes_on`);
  }
}
