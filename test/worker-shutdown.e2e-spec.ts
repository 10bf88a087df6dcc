// Graceful shutdown: a worker process told to stop (SIGTERM, as an orchestrator does) in the middle
// of a job finishes the job in hand, or, for the nightly pass, hands it back to the queue with its
// progress for another worker to finish. Nothing lost, nothing done twice. Real worker processes,
// a private Redis and a database of this file's own.
import type { ChildProcess } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { periodJobId, QUEUES } from '@app/queue';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { IngestService } from '../apps/ingest-api/src/events/ingest.service';
import { freePort, startRedis, startTestWorker, stop } from './support/processes';
import { eventually } from './support/smtp-sink';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const [LA_A, LA_B, LA_C] = ['808', '811', '812'];
const today = todayInLondon(new Date());

let redisPort: number;
let redis: ChildProcess;
let db: DataSource;
let scratch: ScratchDatabase | undefined;
let queue: Queue;
const workers: ChildProcess[] = [];

async function worker(extra: Record<string, string> = {}) {
  const child = await startTestWorker(scratch!.url, redisPort, { WORKER_CONCURRENCY: '1', ...extra });
  workers.push(child);
  return child;
}

/** SIGTERM, and how long the process took to exit. */
async function terminate(child: ChildProcess): Promise<number> {
  const t = Date.now();
  await stop(child, 'SIGTERM');
  return Date.now() - t;
}

/** Late EHC requests (a 20-week breach each), through the one write path the API uses. */
async function ingestLate(la: string, prefix: string, n: number): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const events = Array.from({ length: n }, (_, i) => ({
      la,
      caseRef: `${prefix}-${String(i).padStart(5, '0')}`,
      childRef: `C-${prefix}-${i}`,
      pathway: 'ehc_assessment',
      eventId: `${prefix}-${i}-1`,
      type: 'request_received',
      date: addDays(today, -200),
    })) as CaseEvent[];
    for (let i = 0; i < events.length; i += 5000) await app.get(IngestService).ingest(events.slice(i, i + 5000), 'api');
  } finally {
    await app.close();
  }
}

const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

/** Every case of `prefix` evaluated, its breach raised once and delivered once. */
async function expectEachCaseOnce(prefix: string, n: number): Promise<void> {
  expect(await count(`SELECT count(*) AS n FROM case_evaluations WHERE case_ref LIKE $1`, [`${prefix}-%`])).toBe(n);
  const breaches = await db.query(
    `SELECT case_ref, count(*)::int AS raised, count(delivered_at)::int AS delivered FROM alerts
     WHERE case_ref LIKE $1 AND kind = 'final_deadline_breached' GROUP BY case_ref`,
    [`${prefix}-%`],
  );
  expect(breaches).toHaveLength(n);
  expect(breaches.filter((b: { raised: number; delivered: number }) => b.raised !== 1 || b.delivered !== 1)).toEqual([]);
}

beforeAll(async () => {
  scratch = await createScratchDatabase('shut');
  scratch.use(); // the in-process ingest writes to this file's database
  db = createDataSource(scratch.url);
  await db.initialize();
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  queue = new Queue(QUEUES.recompute, { connection: { host: '127.0.0.1', port: redisPort }, prefix: process.env.REDIS_PREFIX });
});

afterAll(async () => {
  await queue?.close();
  for (const w of workers) await stop(w, 'SIGKILL');
  if (redis) await stop(redis, 'SIGKILL');
  await db?.destroy();
  await scratch?.drop();
});

describe('worker shutdown', () => {
  it('finishes the recompute job in hand before it exits; the next worker does the rest', async () => {
    await ingestLate(LA_C, 'inhand', 6000); // 3 jobs of 2,000 cases
    const first = await worker({ RECOMPUTE_JOB_CASES: '2000' });
    const [job] = await eventually(
      async () => {
        const active = await queue.getActive();
        return active.length ? active : null;
      },
      'a recompute job under way',
      60000,
    );
    expect(job.data.kind).toBe('cases');
    const exitMs = await terminate(first);

    // The job in hand was completed by the stopping worker, on its first attempt, not failed or stalled.
    const done = await queue.getJob(job.id!);
    expect(await done!.getState()).toBe('completed');
    expect(done!.attemptsStarted).toBe(1);
    expect(done!.stalledCounter).toBe(0);
    expect(done!.failedReason).toBeFalsy();
    expect(done!.returnvalue).toMatchObject({ evaluated: 2000 });
    expect(first.output.join('')).not.toMatch(/job failed|ERROR/);
    expect(first.exitCode).toBe(0); // a clean exit, not a death by the signal
    expect(exitMs).toBeLessThan(20000);

    await worker({ RECOMPUTE_JOB_CASES: '2000' });
    await eventually(
      async () =>
        (await count(`SELECT count(*) AS n FROM recompute_requests`)) === 0 &&
        (await count(`SELECT count(*) AS n FROM alerts WHERE delivered_at IS NULL`)) === 0 &&
        (await count(`SELECT count(*) AS n FROM alerts WHERE case_ref LIKE 'inhand-%'`)) > 0,
      'every request done and every alert delivered',
      60000,
    );
    await expectEachCaseOnce('inhand', 6000);
    for (const w of workers.splice(0)) await terminate(w);
  });

  it('hands a nightly pass back to the queue at a chunk boundary, and another worker finishes it', async () => {
    await ingestLate(LA_A, 'night-a', 1500);
    await ingestLate(LA_B, 'night-b', 1500);
    // No worker has seen these cases: the nightly pass is the first to write them (and is slower for it).
    await db.query(`DELETE FROM recompute_requests`);
    const jobId = periodJobId('nightly', 'all', today);
    await queue.add('nightly', { kind: 'nightly', asOf: today }, { jobId, attempts: 3 });
    const first = await worker({ NIGHTLY_CHUNK_CASES: '10' });
    await eventually(
      async () => {
        const job = await queue.getJob(jobId);
        const p = job?.progress as { after?: [string, string] } | undefined;
        return p?.after?.[0] === LA_B; // under way in the second LA
      },
      'the nightly pass into its second LA',
      60000,
    );
    const exitMs = await terminate(first);

    const handedBack = await queue.getJob(jobId);
    expect(await handedBack!.getState()).toBe('waiting'); // back in the queue, not stalled, not failed
    expect(handedBack!.attemptsMade).toBe(0);
    const saved = handedBack!.progress as { resumeFrom: [string, string]; after: [string, string] };
    expect(saved.resumeFrom[0]).toBe(LA_A); // the start of LA B: its snapshot will be built from all its cases
    expect(saved.after[0]).toBe(LA_B);
    // Ended by process.exit, so pino wrote out what it still held, the line checked next included.
    expect(first.exitCode).toBe(0);
    expect(first.output.join('')).toContain('nightly recompute handed back to the queue');
    expect(exitMs).toBeLessThan(20000);
    expect(await count(`SELECT count(*) AS n FROM job_runs WHERE job_id = $1`, [jobId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM case_evaluations WHERE case_ref LIKE 'night-b-%'`)).toBeLessThan(1500);

    await worker({ NIGHTLY_CHUNK_CASES: '500' });
    const [run] = await eventually(
      async () => {
        const rows = await db.query(`SELECT runs, detail FROM job_runs WHERE job_id = $1`, [jobId]);
        return rows.length ? rows : null;
      },
      'the nightly pass finished by the second worker',
      60000,
    );
    expect(run.runs).toBe(1);
    expect(run.detail.resumedFrom).toEqual(saved.resumeFrom);
    await eventually(
      async () => (await count(`SELECT count(*) AS n FROM alerts WHERE delivered_at IS NULL`)) === 0,
      'every alert delivered',
      30000,
    );
    await expectEachCaseOnce('night-a', 1500);
    await expectEachCaseOnce('night-b', 1500);
    // Both LAs' snapshots count all their cases, although LA B's pass was interrupted.
    const open = await db.query(
      `SELECT la_code, (measures->'open'->>'open')::int AS open FROM measure_snapshots
       WHERE la_code = ANY($2) AND snapshot_on = $1 AND pathway = 'ehc_assessment' AND need_code = 'all' ORDER BY la_code`,
      [today, [LA_A, LA_B]],
    );
    expect(open).toEqual([
      { la_code: LA_A, open: 1500 },
      { la_code: LA_B, open: 1500 },
    ]);
  });
});
