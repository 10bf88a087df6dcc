// An LA's day counts counted in full right after its first pass, with statistics from before it
// (a backfill: autovacuum analyzed the derived tables while they held only the LAs written first).
// The planner then takes the LA for one row; its steps must still be joined to their cases' needs
// by hash, not by a nested loop that rescans the LA's evaluations for every step (37 s for one LA
// of a 1,000,000-case backfill). A database of this file's own: its statistics are the test.
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DayCountsRepository, RecomputeService } from '@app/compliance';
import { todayInLondon } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { seedArea } from './support/seed-area';

const today = todayInLondon(new Date());
const DERIVED = ['case_milestones', 'case_evaluations'];

let scratch: ScratchDatabase;
let app: INestApplicationContext;
let db: Client;
let first: string;
let later: string;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The relations a plan node reads, its own and below. */
const relationsUnder = (n: PlanNode): string[] => [
  ...(n['Relation Name'] ? [n['Relation Name']] : []),
  ...(n.Plans ?? []).flatMap(relationsUnder),
];

/** Nested loops whose inner side reads case_evaluations: the join of steps to their cases' needs by nested loop. */
function nestedLoopsOverEvaluations(n: PlanNode): number {
  const here = n['Node Type'] === 'Nested Loop' && relationsUnder(n.Plans![1]).includes('case_evaluations') ? 1 : 0;
  return here + (n.Plans ?? []).reduce((sum, p) => sum + nestedLoopsOverEvaluations(p), 0);
}

beforeAll(async () => {
  scratch = await createScratchDatabase('daycountplans');
  scratch.use();
  db = new Client({ connectionString: scratch.url });
  await db.connect();
  // Statistics change only when this file says: no autovacuum analyzing in between.
  for (const table of DERIVED) await db.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  [first, later] = await seedArea(app, { las: 2, cases: 3000, seed: 5, asOf: today });
  // The first LA's pass, then statistics that know only it, then the later LA's first pass.
  await app.get(RecomputeService).recomputeAll(today, { chunkSize: 500, onlyLa: first });
  await db.query(`ANALYZE ${DERIVED.join(', ')}`);
  await app.get(RecomputeService).recomputeAll(today, { chunkSize: 500, onlyLa: later });
}, 180000);

afterAll(async () => {
  await db?.end();
  await app?.close();
  await scratch?.drop();
});

it('counts an LA new since the last ANALYZE in full without a nested loop over its evaluations', async () => {
  const [{ n: steps }] = (
    await db.query(`SELECT count(*)::int AS n FROM case_milestones WHERE la_code = $1 AND done_on IS NOT NULL`, [later])
  ).rows;
  expect(steps).toBeGreaterThan(200);
  // The statistics are those of before the later LA: the planner expects next to none of its steps.
  const estimate = (await db.query(`EXPLAIN (FORMAT JSON) SELECT * FROM case_milestones WHERE la_code = $1`, [later])).rows[0][
    'QUERY PLAN'
  ][0].Plan['Plan Rows'];
  expect(estimate).toBeLessThan(steps / 10);

  // The refresh's statements explained as they run, in its own transaction (rolled back).
  const plans: PlanNode[] = [];
  const explaining = {
    query: async (sql: string, params?: unknown[]) => {
      if (/^WITH d AS MATERIALIZED/.test(sql)) {
        plans.push((await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows[0]['QUERY PLAN'][0].Plan);
      }
      return (await db.query(sql, params)).rows;
    },
  };
  await db.query('BEGIN');
  try {
    await app.get(DayCountsRepository).refresh(explaining, later, null);
  } finally {
    await db.query('ROLLBACK');
  }
  expect(plans).toHaveLength(2); // the review steps' days and the stage steps' days
  for (const plan of plans) {
    expect(relationsUnder(plan)).toContain('case_evaluations');
    expect(nestedLoopsOverEvaluations(plan)).toBe(0);
  }
});
