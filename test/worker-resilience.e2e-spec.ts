// What must survive: two workers at once, Redis stopped while alerts are produced, a worker killed
// in the middle of a job. Real worker processes, a private Redis (stopped and started by the test)
// and a database of this file's own, so the ledger and counts are this file's alone.
import type { ChildProcess } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { syntheticStaff } from '@app/compliance';
import { createDataSource } from '@app/database';
import { periodJobId, QUEUES } from '@app/queue';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { IngestService } from '../apps/ingest-api/src/events/ingest.service';
import { londonDayWithRoom } from './support/london-day';
import { eventually } from './support/smtp-sink';
import { freePort, lastOutput, startRedis, startTestWorker, stop } from './support/processes';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const LA = '807';
const today = todayInLondon(new Date());

let redisPort: number;
let redis: ChildProcess;
let db: DataSource;
let scratch: ScratchDatabase | undefined;
const workers: (ChildProcess & { output: string[] })[] = [];

async function worker(extra: Record<string, string> = {}) {
  const child = await startTestWorker(scratch!.url, redisPort, { OUTBOX_RETRY_MS: '2000', QUEUE_LOCK_MS: '2000', ...extra });
  workers.push(child);
  return child;
}

/** Ingests through the one write path, as the API does (the API's own tests cover HTTP). */
async function ingest(events: CaseEvent[]): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    await app.get(IngestService).ingest(events, 'api');
  } finally {
    await app.close();
  }
}

function lateCases(prefix: string, n: number): CaseEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    la: LA,
    caseRef: `${prefix}-${i}`,
    childRef: `C-${prefix}-${i}`,
    pathway: 'ehc_assessment',
    eventId: `${prefix}-${i}-1`,
    type: 'request_received',
    date: addDays(today, -200),
  })) as CaseEvent[];
}

/** A wait that, when it times out, says what each worker last logged (CI's runs leave nothing else to read). */
async function orWorkersOutput<T>(wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const logs = workers.map((w, i) => `--- worker ${i + 1} (pid ${w.pid}), its last lines:\n${lastOutput(w)}`).join('\n');
    throw new Error(`${(e as Error).message}\n${logs}`, { cause: e });
  }
}

/** The job ledger's row of a job once a worker has finished it (90 s at most). */
async function finishedRun(jobId: string, what: string): Promise<{ runs: number; detail: Record<string, unknown> }> {
  const [run] = await orWorkersOutput(
    eventually(
      async () => {
        const rows = await db.query(`SELECT runs, detail FROM job_runs WHERE job_id = $1`, [jobId]);
        return rows.length ? rows : null;
      },
      what,
      90000,
    ),
  );
  return run;
}

const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

beforeAll(async () => {
  scratch = await createScratchDatabase('res');
  scratch.use(); // the in-process ingest writes to this file's database
  db = createDataSource(scratch.url);
  await db.initialize();
  const staff = syntheticStaff(LA);
  await db.query(
    `INSERT INTO staff (la_code, staff_ref, role, team, service, email)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [
      staff.map((s) => s.la),
      staff.map((s) => s.staffRef),
      staff.map((s) => s.role),
      staff.map((s) => s.team),
      staff.map((s) => s.service),
      staff.map((s) => s.email),
    ],
  );
  redisPort = await freePort();
  redis = await startRedis(redisPort);
});

afterAll(async () => {
  for (const w of workers) await stop(w, 'SIGKILL');
  if (redis) await stop(redis, 'SIGKILL');
  await db?.destroy();
  await scratch?.drop();
});

describe('worker resilience', () => {
  it('delivers every alert once although Redis was stopped while they were produced', async () => {
    await worker();
    await stop(redis, 'SIGKILL');
    await ingest(lateCases('redis-down', 20));
    await new Promise((r) => setTimeout(r, 1500)); // the relay fails meanwhile and keeps its rows
    expect(await count(`SELECT count(*) AS n FROM recompute_requests`)).toBe(20);
    redis = await startRedis(redisPort); // a new, empty Redis: nothing queued before survived
    await orWorkersOutput(
      eventually(
        async () => (await count(`SELECT count(*) AS n FROM alerts WHERE case_ref LIKE 'redis-down-%' AND delivered_at IS NOT NULL`)) >= 40,
        'alerts delivered after Redis returned',
        60000,
      ),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const perCase = await db.query(
      `SELECT case_ref, count(*) FILTER (WHERE kind = 'final_deadline_breached')::int AS breaches, count(*)::int AS alerts
       FROM alerts WHERE case_ref LIKE 'redis-down-%' GROUP BY case_ref`,
    );
    expect(perCase).toHaveLength(20);
    for (const c of perCase) expect(c.breaches).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM alerts WHERE case_ref LIKE 'redis-down-%' AND delivered_at IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM recompute_requests`)).toBe(0);
  });

  it('runs each scheduled job once with two workers ticking every second', async () => {
    for (const w of workers.splice(0)) await stop(w, 'SIGKILL');
    const day = await londonDayWithRoom(150000); // the workers' day must not change before the run is counted
    await ingest(lateCases('nightly', 3000));
    const env = { SCHEDULES_ENABLED: 'true', NIGHTLY_CRON: '* * * * * *', DIGEST_CRON: '0 0 0 1 1 *', WEEKLY_SUMMARY_CRON: '0 0 0 1 1 *' };
    await Promise.all([worker(env), worker(env)]);
    const jobId = `nightly:all:${day}`;
    const run = await finishedRun(jobId, 'the nightly job to finish');
    await new Promise((r) => setTimeout(r, 3000)); // more ticks from both workers
    const [after] = await db.query(`SELECT runs FROM job_runs WHERE job_id = $1`, [jobId]);
    expect(after.runs).toBe(1);
    expect(run.detail.evaluated).toBeGreaterThanOrEqual(3000);
    expect(await count(`SELECT count(*) AS n FROM case_evaluations WHERE case_ref LIKE 'nightly-%'`)).toBe(3000);
    const doubled = await count(
      `SELECT count(*) AS n FROM (SELECT case_ref, milestone_key, kind, due_on FROM alerts GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d`,
    );
    expect(doubled).toBe(0);
  }, 300000); // up to two and a half minutes of it waiting for midnight to pass (londonDayWithRoom)

  it('finishes a nightly job whose worker was killed in the middle, resuming from its saved position', async () => {
    for (const w of workers.splice(0)) await stop(w, 'SIGKILL');
    const asOf = addDays(today, -1);
    const jobId = periodJobId('nightly', 'all', asOf);
    const queue = new Queue(QUEUES.recompute, { connection: { host: '127.0.0.1', port: redisPort }, prefix: process.env.REDIS_PREFIX });
    try {
      await queue.add('nightly', { kind: 'nightly', asOf }, { jobId, attempts: 3 });
      const first = await worker({ NIGHTLY_CHUNK_CASES: '5' });
      await orWorkersOutput(
        eventually(
          async () => {
            const job = await queue.getJob(jobId);
            return job && typeof job.progress === 'object' && (await job.isActive());
          },
          'the nightly job under way',
          30000,
        ),
      );
      await stop(first, 'SIGKILL');
      expect(await count(`SELECT count(*) AS n FROM job_runs WHERE job_id = $1`, [jobId])).toBe(0);
      await worker({ NIGHTLY_CHUNK_CASES: '500' });
      const run = await finishedRun(jobId, 'the killed job finished by the new worker');
      expect(run.runs).toBe(1);
      expect(run.detail.resumedFrom).not.toBeNull();
    } finally {
      await queue.close();
    }
  });
});
