import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `kept_forecasts`: an LA's costly forecast answers (its EHC forecast for the year, its caseworkers'
 * at-risk list) as the worker made them after the nightly pass, each under the hash of everything it
 * was made from (ForecastsService). The API answers a first ask of the day from here while that
 * hash still holds, instead of making it again (a large county's forecast took 170-400 ms). One row
 * per LA and kind: the next night's answer replaces it. What the pages show already: pseudonymous
 * case and staff references, no child's details. Written by libs/compliance/src/forecasts.
 */
export class KeptForecasts1766700000000 implements MigrationInterface {
  name = 'KeptForecasts1766700000000';

  async up(q: QueryRunner): Promise<void> {
    // json, not jsonb: stored and read back whole, never queried inside, so kept as its text.
    await q.query(`
      CREATE TABLE kept_forecasts (
        la_code text COLLATE "C" NOT NULL REFERENCES local_authorities (la_code),
        kind text COLLATE "C" NOT NULL,
        key text NOT NULL,
        answer json NOT NULL,
        made_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, kind)
      )`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kept_forecasts`);
  }
}
