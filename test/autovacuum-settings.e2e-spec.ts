// The tables a nightly pass rewrites are vacuumed after each night's writes (migration
// 1767400000000): read from pg_class of the migrated test database, so a later migration that
// resets or raises the settings fails here.
import { Client } from 'pg';

let db: Client;

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

/** PostgreSQL's own defaults: a vacuum after dead or new rows of 20% of a table, an analyze after 10%. */
const DEFAULTS = { autovacuum_vacuum_scale_factor: 0.2, autovacuum_vacuum_insert_scale_factor: 0.2, autovacuum_analyze_scale_factor: 0.1 };

it('vacuums and analyzes the evaluations, the steps and the alerts well before PostgreSQL would by default', async () => {
  const { rows } = await db.query<{ table: string; options: string[] | null }>(
    `SELECT relname AS table, reloptions AS options FROM pg_class
     WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1) ORDER BY relname`,
    [['alerts', 'case_evaluations', 'case_milestones']],
  );
  expect(rows.map((r) => r.table)).toEqual(['alerts', 'case_evaluations', 'case_milestones']);
  for (const { table, options } of rows) {
    const set = new Map((options ?? []).map((o) => o.split('=') as [string, string]));
    for (const [option, byDefault] of Object.entries(DEFAULTS)) {
      // A night at 1,000,000 cases rewrites about 0.5% of the evaluations and 0.1% of the steps.
      expect({ table, option, below: Number(set.get(option) ?? byDefault) <= byDefault / 10 }).toEqual({ table, option, below: true });
    }
  }
});
