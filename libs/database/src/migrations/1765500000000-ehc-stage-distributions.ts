import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ehc_stage_distributions`: each LA's own recent EHC stage durations (libs/rules
 * buildStageDistributions, plain JSON), refreshed by the nightly pass; the breach forecasts
 * (at-risk alerts, the caseworker's at-risk list) read the latest. One row per LA. Durations in
 * days only: no case reference, nothing about a child. Written by libs/compliance/src/forecasts.
 */
export class EhcStageDistributions1765500000000 implements MigrationInterface {
  name = 'EhcStageDistributions1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ehc_stage_distributions (
        la_code text COLLATE "C" NOT NULL REFERENCES local_authorities (la_code) PRIMARY KEY,
        as_of date NOT NULL,
        ended_cases int NOT NULL,
        distributions jsonb NOT NULL,
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ehc_stage_distributions`);
  }
}
