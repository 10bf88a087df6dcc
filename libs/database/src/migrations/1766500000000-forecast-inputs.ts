import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An open new EHC assessment that follows the breach forecast keeps what its at_risk verdict rests
 * on (its stage and final plan's 20-week day; the request day is `started_on`) and the verdict it
 * was written with. The nightly pass by change asks each night whether the verdict turned with the
 * LA's new stage durations from these alone, and evaluates again only the cases whose verdict did
 * (issue 16: such cases were due on every pass, about 18,000 a night at 1,000,000 cases, most of
 * them unchanged). Null for every other case. The evaluations stored before are due on the next
 * pass (their `changes_on` is the day they were written) and are written again with theirs.
 *
 * Also an index of each LA's (pathway, need) groups, which the nightly snapshot lists for every LA:
 * a loose scan of it (one probe a group, about 50) in place of reading all of an LA's evaluations
 * (1.4 s of PostgreSQL a normal night at 1,000,000 cases; snapshot-counts.sql.ts GROUPS_SQL).
 */
export class ForecastInputs1766500000000 implements MigrationInterface {
  name = 'ForecastInputs1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_evaluations ADD COLUMN forecast_stage text, ADD COLUMN forecast_due date,
        ADD COLUMN forecast_at_risk boolean`);
    await q.query(`CREATE INDEX case_evaluations_groups_idx ON case_evaluations (la_code, pathway, (coalesce(need_code, 'unknown')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_evaluations_groups_idx`);
    await q.query(`ALTER TABLE case_evaluations DROP COLUMN forecast_stage, DROP COLUMN forecast_due, DROP COLUMN forecast_at_risk`);
  }
}
