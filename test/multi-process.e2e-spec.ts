// Several processes on one PostgreSQL and one Redis (issue 16): two API processes take the ingest
// between them, three worker processes share the recompute, the nightly pass (one job per LA,
// NIGHTLY_BY_LA) and the schedules, every worker ticking every second; two take the recompute and
// alerts queues, the third the snapshots and summaries (WORKER_QUEUES). Each scheduled job must run
// once, each alert be raised and delivered once, each mail sent once. Real processes throughout, a
// database of this file's own and a Redis key prefix of its own.
import type { ChildProcess } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { StaffRepository, syntheticStaff, weekOfDate } from '@app/compliance';
import { createDataSource } from '@app/database';
import { QUEUES } from '@app/queue';
import { addDays, type IsoDate } from '@app/rules';
import { ApiKeysService } from '../apps/ingest-api/src/auth/api-keys.service';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { startApiProcess, startTestWorker, stop } from './support/processes';
import { londonDayWithRoom } from './support/london-day';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventually, startSmtpSink, type SmtpSink } from './support/smtp-sink';

const LAS = ['201', '202', '203', '204', '205', '206'];
const CASES_PER_LA = 150;
const BATCH = 50;
// Set by the test once the London day has room for the whole run (londonDayWithRoom).
let today: IsoDate;
let week: string;

let scratch: ScratchDatabase;
let db: DataSource;
let smtp: SmtpSink;
const keys = new Map<string, string>();
const processes: ChildProcess[] = [];

const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

/** A late EHC request and an SLT referral per case pair: breaches to raise, waits to measure. */
function eventsOf(la: string, i: number) {
  const caseRef = `MP-${la}-${String(i).padStart(4, '0')}`;
  const base = { la, caseRef, childRef: `C-MP-${la}-${i}` };
  if (i % 2 === 0) {
    return [
      {
        ...base,
        pathway: 'ehc_assessment',
        eventId: `${caseRef}-1`,
        type: 'request_received',
        date: addDays(today, -200),
        needCode: 'ASD',
      },
      { ...base, pathway: 'ehc_assessment', eventId: `${caseRef}-2`, type: 'advice_requested', date: addDays(today, -60), service: 'ep' },
    ];
  }
  return [{ ...base, pathway: 'slt', eventId: `${caseRef}-1`, type: 'referral_received', date: addDays(today, -(20 + i)) }];
}

beforeAll(async () => {
  scratch = await createScratchDatabase('multi');
  scratch.use(); // this process and every child it starts: this file's database and Redis prefix
  db = createDataSource(scratch.url);
  await db.initialize();
  smtp = await startSmtpSink();
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    for (const la of LAS) {
      keys.set(la, (await app.get(ApiKeysService).create(la, 'multi-process feed')).key);
      await app.get(StaffRepository).upsert(syntheticStaff(la));
    }
  } finally {
    await app.close();
  }
}, 60000);

afterAll(async () => {
  await Promise.all(processes.map((p) => stop(p, 'SIGKILL')));
  await db?.destroy();
  await smtp?.close();
  await scratch?.drop();
});

describe('two API processes and three worker processes on one PostgreSQL and Redis', () => {
  it('spreads the ingest, shares the nightly pass by LA, and runs every scheduled job, alert and mail once', async () => {
    today = await londonDayWithRoom(180000); // every job below is named by this day
    week = weekOfDate(today);
    const apis = await Promise.all([startApiProcess({}), startApiProcess({})]);
    processes.push(...apis);

    // Every LA's batches, dealt in turn to both APIs, four requests in flight.
    const batches: { la: string; events: unknown[] }[] = [];
    for (const la of LAS) {
      const events = Array.from({ length: CASES_PER_LA }, (_, i) => eventsOf(la, i)).flat();
      for (let i = 0; i < events.length; i += BATCH) batches.push({ la, events: events.slice(i, i + BATCH) });
    }
    const insertedBy = [0, 0];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const n = next++;
          const res = await fetch(`${apis[n % 2].url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': keys.get(batches[n].la)! },
            body: JSON.stringify(batches[n].events),
          });
          expect([n, res.status]).toEqual([n, 200]);
          insertedBy[n % 2] += ((await res.json()) as { inserted: number }).inserted;
        }
      }),
    );
    const totalEvents = batches.reduce((s, b) => s + b.events.length, 0);
    expect(insertedBy[0]).toBeGreaterThan(0);
    expect(insertedBy[1]).toBeGreaterThan(0);
    expect(insertedBy[0] + insertedBy[1]).toBe(totalEvents);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(totalEvents);

    // Three workers, every schedule ticking every second in each; small chunks so an LA takes a while.
    const ticking = {
      SMTP_URL: smtp.url,
      SCHEDULES_ENABLED: 'true',
      NIGHTLY_BY_LA: 'true',
      NIGHTLY_CHUNK_CASES: '25',
      WORKER_CONCURRENCY: '1',
      NIGHTLY_CRON: '* * * * * *',
      DIGEST_CRON: '* * * * * *',
      WEEKLY_SUMMARY_CRON: '* * * * * *',
    };
    // Two take the recompute and alerts queues, the third the snapshots and summaries (WORKER_QUEUES),
    // as a deployment keeps a large LA's forecasts off the thread that raises alerts.
    const queuesOf = ['recompute,alerts', 'recompute,alerts', 'snapshots,summaries'];
    // The recompute queue paused until all three are up: a worker up first would otherwise take the
    // whole pass while another was still starting (one did, once, on a loaded machine). Schedules
    // tick and outboxes relay meanwhile; only processing waits.
    const recompute = new Queue(QUEUES.recompute, { connection: { host: '127.0.0.1', port: 6379 }, prefix: process.env.REDIS_PREFIX });
    await recompute.pause();
    const workers = await Promise.all(queuesOf.map((queues) => startTestWorker(scratch.url, 6379, { ...ticking, WORKER_QUEUES: queues })));
    processes.push(...workers);
    await recompute.resume();
    await recompute.close();

    const totalCases = LAS.length * CASES_PER_LA;
    const nightlyId = `nightly:all:${today}`;
    const expectedJobs = [
      nightlyId,
      `targets:all:${today}`,
      `forecasts:all:${today}`,
      ...LAS.flatMap((la) => [`nightly:${la}:${today}`, `weekly-summary:${la}:${week}`]),
    ];
    await eventually(
      async () => {
        const done = await count(`SELECT count(*) AS n FROM job_runs WHERE job_id = ANY($1)`, [expectedJobs]);
        const undelivered = await count(`SELECT count(*) AS n FROM alerts WHERE delivered_at IS NULL`);
        const requests = await count(`SELECT count(*) AS n FROM recompute_requests`);
        return done === expectedJobs.length && undelivered === 0 && requests === 0;
      },
      'every scheduled job finished, every alert delivered, the recompute outbox empty',
      70000, // about 25 s on an idle machine; room for a shared one
    );
    await new Promise((r) => setTimeout(r, 2500)); // more ticks from every worker

    // Each job once: the ledger counts a second run of the same id.
    const runs: { job_id: string; queue: string; runs: number; worker_id: string; detail: Record<string, unknown> }[] = await db.query(
      `SELECT job_id, queue, runs, worker_id, detail FROM job_runs`,
    );
    expect(runs.filter((r) => r.runs !== 1)).toEqual([]);
    expect(runs.map((r) => r.job_id)).toEqual(expect.arrayContaining(expectedJobs));
    const digests = runs.filter((r) => r.job_id.startsWith('digest:'));
    expect(digests.length).toBeGreaterThan(0);
    expect(digests.every((r) => r.job_id.endsWith(`:${today}`))).toBe(true);

    // The nightly pass: every case once, its LAs shared among the workers.
    const pass = runs.find((r) => r.job_id === nightlyId)!;
    expect(pass.detail).toMatchObject({ byLa: true, las: LAS.length, evaluated: totalCases });
    const byLa = runs.filter((r) => /^nightly:\d{3}:/.test(r.job_id));
    expect(byLa.map((r) => r.detail.evaluated)).toEqual(LAS.map(() => CASES_PER_LA));
    expect(new Set(byLa.map((r) => r.worker_id)).size).toBe(2);
    // Each queue's jobs only in the processes that take it: the snapshots and summaries in the third.
    const workersOf = (queues: string[]) => new Set(runs.filter((r) => queues.includes(r.queue)).map((r) => r.worker_id));
    const [recomputeAlerts, snapshotsSummaries] = [workersOf(['recompute', 'alerts']), workersOf(['snapshots', 'summaries'])];
    expect(recomputeAlerts.size).toBe(2);
    expect(snapshotsSummaries.size).toBe(1);
    expect([...snapshotsSummaries].filter((w) => recomputeAlerts.has(w))).toEqual([]);
    expect(await count(`SELECT count(DISTINCT la_code) AS n FROM measure_snapshots WHERE snapshot_on = $1`, [today])).toBe(LAS.length);
    // After it, each LA's forecasts made once and kept for the day.
    expect(runs.find((r) => r.job_id === `forecasts:all:${today}`)!.detail).toMatchObject({ las: LAS.length });
    expect(await count(`SELECT count(DISTINCT la_code) AS n FROM kept_forecasts`)).toBe(LAS.length);

    // Every case evaluated; every alert raised once and delivered once.
    expect(await count(`SELECT count(*) AS n FROM case_evaluations`)).toBe(totalCases);
    const doubled = await count(
      `SELECT count(*) AS n FROM (SELECT la_code, case_ref, milestone_key, kind, due_on FROM alerts
       GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) d`,
    );
    expect(doubled).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM alerts WHERE kind = 'final_deadline_breached'`)).toBe(totalCases / 2);

    // Each mail once: no recipient has the same subject twice; every LA's leader has its weekly summary.
    const sent = smtp.mails.map((m) => `${JSON.stringify(m.to)} ${m.subject}`);
    expect(sent.filter((s, i) => sent.indexOf(s) !== i)).toEqual([]);
    for (const la of LAS) expect(smtp.mails.filter((m) => JSON.stringify(m.to).includes(`lead-${la}-send@`))).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM weekly_summaries WHERE emailed_at IS NOT NULL`)).toBe(LAS.length);
  }, 300000); // up to three minutes of it waiting for midnight to pass (londonDayWithRoom)
});
