import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `review_counts` and `stage_counts` keep each LA's day counts by primary need too (a row per LA,
 * day and need; `need` is the case's stored need, 'unknown' when none), so an LA's nightly snapshot
 * adds up its trailing year of annual review, phase transfer, decision and advice steps by need
 * from a few thousand stored rows instead of re-reading every step (issue 16: the annual reviews
 * alone were 2 s of PostgreSQL a normal night for 151 LAs). The national reports add up the rows
 * of every need, as they added up the days.
 *
 * The days stored so far have no need: they are dropped with each LA's refresh, so its next
 * refresh (the next nightly pass, or the next recompute of one of its cases) counts every day again.
 * Until then the national reports count that LA from its milestones, as for an LA never refreshed.
 */
export class DayCountsByNeed1766300000000 implements MigrationInterface {
  name = 'DayCountsByNeed1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE review_counts, stage_counts, day_counts_refreshes`);
    for (const table of ['review_counts', 'stage_counts']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN need text COLLATE "C" NOT NULL DEFAULT 'unknown'`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD PRIMARY KEY (la_code, on_date, need)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE review_counts, stage_counts, day_counts_refreshes`);
    for (const table of ['review_counts', 'stage_counts']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD PRIMARY KEY (la_code, on_date)`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN need`);
    }
  }
}
