// Drill (issue 11, item 8): PostgreSQL crashes in the middle of the nightly pass. The pass must
// resume once the server is back (from the position it saved on its BullMQ job: the start of the
// LA in hand) and end with every case evaluated, and with exactly the evaluations, milestones,
// alerts and snapshots of a pass that was never interrupted. Real worker processes, a private Redis
// and a PostgreSQL cluster of this file's own, which the test crashes and starts again on the same
// port; the expected result is a full uninterrupted pass over a copy of the same seeded database.
import type { ChildProcess } from 'node:child_process';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { migrate } from '@app/database';
import { createQueue, createRedisConnection, periodJobId, QUEUES } from '@app/queue';
import { todayInLondon } from '@app/rules';
import { cliWithEnv } from './support/cli';
import { freePort, startRedis, startTestWorker, stop } from './support/processes';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { eventually } from './support/smtp-sink';

const LAS = ['805', '806', '807'];
const CASES = 1500;
const DRILL = 'night';
const EXPECTED = 'night_expected';
const asOf = todayInLondon(new Date());
const jobId = periodJobId('nightly', 'all', asOf);

let pg: PrivatePostgres;
let redis: ChildProcess | undefined;
let redisPort: number;
const workers: ChildProcess[] = [];
const queues: { queue: Queue; connection: IORedis }[] = [];

/** A worker process on one database of the private cluster, with a queue of its own on the private Redis. */
async function workerOn(database: string, extra: Record<string, string> = {}) {
  const child = await startTestWorker(pg.url(database), redisPort, { REDIS_PREFIX: database, ...extra });
  workers.push(child);
  // A producer as the schedules have: the same default job options (retries with backoff).
  const connection = createRedisConnection(`redis://127.0.0.1:${redisPort}`);
  const queue = createQueue(QUEUES.recompute, connection, database);
  queues.push({ queue, connection });
  return { child, queue };
}

/** The ledger row of the night's pass once it has finished (PostgreSQL may be away meanwhile). */
function finished(database: string, timeoutMs: number) {
  return eventually(
    async () => {
      const rows = await pg
        .query<{ runs: number; detail: Record<string, unknown> }>(database, `SELECT runs, detail FROM job_runs WHERE job_id = $1`, [jobId])
        .catch(() => []);
      return rows[0];
    },
    `the nightly pass on ${database} to finish`,
    timeoutMs,
  );
}

/**
 * What a pass leaves, row by row, as text: each case's evaluation, its milestones, the alerts it
 * raised (without ids and times, which differ between runs) and each LA's measure snapshots.
 */
async function outcome(database: string): Promise<Record<string, string[]>> {
  const rows = async (sql: string) =>
    (await pg.query<{ r: string }>(database, `SELECT t::text AS r FROM (${sql}) t ORDER BY 1`, [])).map((x) => x.r);
  return {
    evaluations: await rows(
      `SELECT la_code, case_ref, pathway, child_ref, need_code, status, outcome, started_on, closed_on, wait_clock_start,
              wait_stopped_on, wait_days, assignee_ref, team, event_count, as_of, fingerprint FROM case_evaluations`,
    ),
    milestones: await rows(`SELECT * FROM case_milestones`),
    alerts: await rows(
      `SELECT la_code, dedupe_key, case_ref, milestone_key, kind, pathway, service, due_on, raised_on, recipient_ref,
              escalates_alert_id IS NOT NULL AS escalation, escalated_at IS NOT NULL AS escalated, resolution FROM alerts`,
    ),
    snapshots: await rows(`SELECT * FROM measure_snapshots`),
  };
}

/** The worker process still runs; if not, its last output says why. */
function expectAlive(child: ChildProcess & { output: string[] }): void {
  const exited = child.exitCode ?? child.signalCode;
  if (exited !== null) throw new Error(`the worker exited (${exited}):\n${child.output.join('').slice(-3000)}`);
}

/** Runs the drill; a failure carries the job as Redis holds it, the worker's output and the server log. */
async function explainFailure<T>(drill: { child: ChildProcess & { output: string[] }; queue: Queue }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const job = await drill.queue.getJob(jobId).catch(() => undefined);
    const state = job
      ? { state: await job.getState(), attemptsMade: job.attemptsMade, failedReason: job.failedReason, progress: job.progress }
      : null;
    throw new Error(
      `${(e as Error).message}\njob: ${JSON.stringify(state)}\nworker (exit ${drill.child.exitCode ?? drill.child.signalCode}):\n` +
        `${drill.child.output.join('').slice(-6000)}\nPostgreSQL log:\n${pg.logTail(15)}`,
      { cause: e },
    );
  }
}

/** Rows in one list and not the other, a few of each: a readable failure rather than a diff of thousands. */
function differences(actual: string[], expected: string[]) {
  const a = new Set(actual);
  const e = new Set(expected);
  return { missing: expected.filter((r) => !a.has(r)).slice(0, 5), extra: actual.filter((r) => !e.has(r)).slice(0, 5) };
}

beforeAll(async () => {
  pg = await startPrivatePostgres('night');
  await pg.createDatabase(DRILL);
  await migrate(pg.url(DRILL));
  // A synthetic area (three LAs, with their staff), through the command line as a user seeds it.
  const seed = ['seed', '--la', ...LAS, '--cases', String(CASES), '--seed', '8', '--as-of', asOf, '--no-progress'];
  await cliWithEnv({ DATABASE_URL: pg.url(DRILL) }, ...seed);
  // Only the nightly pass evaluates these cases, in both databases.
  await pg.query(DRILL, `DELETE FROM recompute_requests`);
  await pg.createDatabase(EXPECTED, DRILL);
  redisPort = await freePort();
  redis = await startRedis(redisPort);
});

afterAll(async () => {
  for (const { queue, connection } of queues) {
    await queue.close();
    connection.disconnect();
  }
  for (const w of workers) await stop(w, 'SIGKILL');
  if (redis) await stop(redis, 'SIGKILL');
  await pg?.cleanup();
});

describe('the nightly pass when PostgreSQL crashes in the middle of it', () => {
  it('resumes from its saved position once PostgreSQL is back and ends as a pass without a crash does', async () => {
    // Both workers start together; the uninterrupted pass runs first, on its own copy.
    const [expectedWorker, drill] = await Promise.all([workerOn(EXPECTED), workerOn(DRILL, { NIGHTLY_CHUNK_CASES: '20' })]);
    await expectedWorker.queue.add('nightly', { kind: 'nightly', asOf }, { jobId });
    const uninterrupted = await finished(EXPECTED, 60000);
    expect(uninterrupted.detail).toMatchObject({ evaluated: CASES, resumedFrom: null });
    await stop(expectedWorker.child, 'SIGTERM');

    const { saved, run } = await explainFailure(drill, async () => {
      // The drilled pass: crashed once it is past the first LA, with chunks of the second written.
      await drill.queue.add('nightly', { kind: 'nightly', asOf }, { jobId });
      await eventually(
        async () => {
          const job = await drill.queue.getJob(jobId);
          const p = job?.progress as { after?: [string, string] } | undefined;
          if (!job || (await job.isCompleted())) throw new Error('the nightly pass ended before the crash: make it longer');
          return p?.after?.[0] === LAS[1] || p?.after?.[0] === LAS[2];
        },
        'the nightly pass past its first LA',
        60000,
      );
      await pg.crash();
      const failed = await eventually(async () => {
        const job = await drill.queue.getJob(jobId);
        return job && job.attemptsMade >= 1 ? job : null;
      }, 'the pass to fail while PostgreSQL is down');
      expect(failed.failedReason).toBeTruthy();
      expectAlive(drill.child); // the worker outlived the crash
      await pg.start();
      const done = await finished(DRILL, 60000);
      expectAlive(drill.child);
      return { saved: failed.progress as { resumeFrom: [string, string]; evaluated: number }, run: done };
    });

    expect(saved.evaluated).toBeLessThan(CASES); // the crash did cut the pass short
    expect(run.runs).toBe(1);
    // Taken up where the failed attempt had saved: the start of the LA in hand (the last case of the LA before).
    expect(LAS.slice(0, 2)).toContain(saved.resumeFrom[0]);
    expect(run.detail.resumedFrom).toEqual(saved.resumeFrom);
    // Every case evaluated, and exactly what the uninterrupted pass stored.
    const [{ cases, evaluated }] = await pg.query<{ cases: number; evaluated: number }>(
      DRILL,
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_evaluations)::int AS evaluated`,
    );
    expect({ cases, evaluated }).toEqual({ cases: CASES, evaluated: CASES });
    const [actual, expected] = await Promise.all([outcome(DRILL), outcome(EXPECTED)]);
    for (const table of Object.keys(expected)) {
      expect({ table, rows: actual[table].length }).toEqual({ table, rows: expected[table].length });
      expect({ table, ...differences(actual[table], expected[table]) }).toEqual({ table, missing: [], extra: [] });
    }
    expect(expected.alerts.length).toBeGreaterThan(0);
    expect(expected.snapshots.length).toBeGreaterThan(0);
    // The worker goes on with the rest of its work too: its relay delivers every alert the pass raised.
    await eventually(
      async () => (await pg.query(DRILL, `SELECT 1 FROM alerts WHERE delivered_at IS NULL LIMIT 1`)).length === 0,
      'every alert delivered after the restart',
      30000,
    );
  }, 180_000); // ~15 s alone; the ceiling allows for a machine busy with the rest of the suite
});
