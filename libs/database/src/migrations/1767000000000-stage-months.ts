import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `stage_months`: each LA's decision and advice counts of `stage_counts` added up by month (every
 * need together), kept with its days (DayCountsRepository). England's stage timeliness over a year
 * added up about 300,000 rows of days by need (127-221 ms at 2,000,000 cases); it now adds up the
 * whole months from here (a row per LA and month) and only the days at the period's ends. Filled
 * from the days already stored.
 */
export class StageMonths1767000000000 implements MigrationInterface {
  name = 'StageMonths1767000000000';

  async up(q: QueryRunner): Promise<void> {
    // The same count columns as stage_counts (their list lives in libs/compliance, not here).
    await q.query(`CREATE TABLE stage_months (LIKE stage_counts INCLUDING DEFAULTS)`);
    await q.query(`ALTER TABLE stage_months DROP COLUMN need`);
    await q.query(`ALTER TABLE stage_months RENAME COLUMN on_date TO month`);
    await q.query(`
      ALTER TABLE stage_months ADD PRIMARY KEY (la_code, month),
        ADD FOREIGN KEY (la_code) REFERENCES local_authorities (la_code)`);
    const rows: { column_name: string }[] = await q.query(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'stage_months' AND column_name NOT IN ('la_code', 'month')
       ORDER BY ordinal_position`,
    );
    const columns = rows.map((r) => r.column_name);
    await q.query(`
      INSERT INTO stage_months (la_code, month, ${columns.join(', ')})
      SELECT la_code, date_trunc('month', on_date)::date, ${columns.map((c) => `sum(${c})`).join(', ')}
      FROM stage_counts GROUP BY 1, 2`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stage_months`);
  }
}
