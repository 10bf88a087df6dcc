// The machine's speed at the time of a benchmark, printed beside its figures. This 2-core virtual
// machine ran the same backfill in 57.7 s one day and 102.9 s another (docs/scale-out.md, stops 51
// and 53), so a figure is read against the same fixed work timed in the same run: node's CPU
// (synthetic cases evaluated by the rules, one thread) and PostgreSQL's (rows inserted into a
// logged table with a primary key and an index carrying columns, one statement: the shape of the
// nightly pass's writes). Each is the best of three: the machine's speed, not another process's
// interference.
import { Client } from 'pg';
import { evaluateCase, type CaseEvent } from '@app/rules';
import { RULES, syntheticCases } from '@app/rules/testing';

const CASES = 50_000;
const ROWS = 300_000;
const TRIES = 3;
const AS_OF = '2026-06-01';

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Milliseconds to evaluate `cases` (the same CASES synthetic cases each try). */
function rulesMs(cases: CaseEvent[][]): number {
  const t = now();
  let milestones = 0;
  for (const c of cases) milestones += evaluateCase(c, AS_OF, RULES).milestones.length;
  if (milestones === 0) throw new Error('the reference cases made no milestones');
  return now() - t;
}

/** Milliseconds for PostgreSQL to insert the same ROWS into a fresh indexed table (dropped after). */
async function insertMs(db: Client): Promise<number> {
  await db.query('DROP TABLE IF EXISTS bench_machine_speed');
  await db.query(`CREATE TABLE bench_machine_speed (la_code text, case_ref text, kind text, done_on date, due_on date,
    state text, PRIMARY KEY (la_code, case_ref, kind))`);
  await db.query('CREATE INDEX ON bench_machine_speed (la_code, kind, done_on) INCLUDE (case_ref, due_on, state)');
  try {
    const t = now();
    await db.query(
      `INSERT INTO bench_machine_speed
       SELECT (200 + i % 151)::text, 'C-' || (i / 4)::text, 'kind_' || (i % 4)::text, date '2022-01-01' + ((i * 7919) % 1500)::int,
         date '2022-01-01' + ((i * 104729) % 1500)::int, CASE WHEN i % 3 = 0 THEN 'met' ELSE 'missed' END
       FROM generate_series(0, $1::bigint - 1) i`,
      [ROWS],
    );
    return now() - t;
  } finally {
    await db.query('DROP TABLE bench_machine_speed');
  }
}

/** One line: this run's reference times, to read the benchmark's figures against another day's. */
export async function machineSpeedLine(url: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const cases = [...syntheticCases(CASES, { seed: 7, asOf: AS_OF })];
    const node: number[] = [];
    const pg: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      node.push(rulesMs(cases));
      pg.push(await insertMs(db));
    }
    const best = (xs: number[]) => Math.round(Math.min(...xs));
    return (
      `machine speed now (best of ${TRIES}; lower is faster, compare with another run's): ` +
      `node evaluates ${CASES.toLocaleString('en-GB')} synthetic cases in ${best(node)} ms, ` +
      `PostgreSQL inserts ${ROWS.toLocaleString('en-GB')} indexed rows in ${best(pg)} ms`
    );
  } finally {
    await db.end();
  }
}
