// Worker benchmark, two parts, each on a scratch database (dropped at the end). Prints figures;
// asserts nothing about time.
//   latency: a real worker process (npm run start:worker) while this process ingests a batch of
//     new cases every 100 ms through IngestService (the API's write path); each case raises a
//     20-week breach. For every case: the time from its ingest commit to its alert's delivered_at.
//   nightly: seeds CASES synthetic cases (the seed's own path), then times the nightly pass
//     (RecomputeService.recomputeAll) five times in four processes, each for its peak memory:
//     night 1, yesterday's backfill, writes everything; night 2, today, by change (the cases whose
//     day has come and today's events) and the first night with stored stage durations, so every
//     open assessment's at-risk forecast is new; night 3, tomorrow, a normal night by change;
//     night 3b the next in the same process (a quiet spell between, as a running worker has them);
//     night 4 is `recompute --all`. Each beside its goal (issue 16: backfill under 60 s, normal
//     night under 10 s, under 512 MB).
// Usage: npm run bench:worker [-- [latency|nightly] [CASES=1000000] [SECONDS=30]]
// BENCH_CASES_PER_BATCH (default 20) sets the ingest rate. BENCH_WORKER_QUEUES='recompute,alerts;snapshots,summaries'
// runs the latency part's worker as two processes, each taking those queues (WORKER_QUEUES). BENCH_DATABASE_URL=postgres://.../send_test_bench_x
// reuses an already seeded scratch database for the nightly part (its derived tables are emptied);
// BENCH_NODE_FLAGS replaces the node flags of `npm run start:worker` for the nightly processes.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { StaffRepository, syntheticStaff } from '@app/compliance';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';
import { freePort, startWorkerProcess, stop } from '../support/processes';
import { withBenchDatabase } from './bench-database';
import { ageSeed, nights, workerNodeFlags } from './night-process';
import { machineSpeedLine } from './machine-speed';
import { serverMemoryLine } from './server-memory';

const ROOT = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const parts = args.filter((a) => a === 'latency' || a === 'nightly');
const [CASES = 1_000_000, SECONDS = 30] = args.filter((a) => /^\d+$/.test(a)).map(Number);
const PER_BATCH = Number(process.env.BENCH_CASES_PER_BATCH ?? 20);
const INTERVAL_MS = 100;
// One worker process per entry, each taking the queues listed ('' = every queue).
const WORKER_QUEUES = (process.env.BENCH_WORKER_QUEUES ?? '').split(';');
const LA = '805';
const today = todayInLondon(new Date());

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withApp<T>(
  url: string,
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
): Promise<T> {
  process.env.DATABASE_URL = url; // config is read when the context is created
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function describeSpread(label: string, values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return (
    `${label.padEnd(34)} p50 ${String(Math.round(pct(s, 50))).padStart(5)} ms  ` +
    `p95 ${String(Math.round(pct(s, 95))).padStart(5)} ms  max ${String(Math.round(s[s.length - 1])).padStart(5)} ms`
  );
}

async function latency(): Promise<void> {
  const prefix = `bench_${Date.now().toString(36)}`;
  const processes = WORKER_QUEUES.map((q) => q || 'every queue').join(' | ');
  console.log(`== event-to-alert latency: ${PER_BATCH} new cases every ${INTERVAL_MS} ms for ${SECONDS} s, worker processes: ${processes}`);
  await withBenchDatabase((url) =>
    withApp(url, async (app) => {
      await app.get(StaffRepository).upsert(syntheticStaff(LA));
      const workers = [];
      for (const queues of WORKER_QUEUES) {
        workers.push(
          await startWorkerProcess({
            DATABASE_URL: url,
            REDIS_PREFIX: prefix,
            WORKER_HEALTH_PORT: String(await freePort()),
            SCHEDULES_ENABLED: 'false',
            SMTP_URL: 'smtp://127.0.0.1:9', // digests are not timed here
            LOG_LEVEL: 'warn',
            ...(queues ? { WORKER_QUEUES: queues } : {}),
          }),
        );
      }
      const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        const ingest = app.get(IngestService);
        const committedAt = new Map<string, number>();
        const ingestMs: number[] = [];
        const started = Date.now();
        for (let k = 0; Date.now() - started < SECONDS * 1000; k++) {
          const wait = started + k * INTERVAL_MS - Date.now();
          if (wait > 0) await sleep(wait);
          const events = Array.from({ length: PER_BATCH }, (_, i): CaseEvent => {
            const caseRef = `LAT-${k}-${i}`;
            return {
              la: LA,
              caseRef,
              childRef: `C-${caseRef}`,
              pathway: 'ehc_assessment',
              eventId: `${caseRef}-1`,
              type: 'request_received',
              date: addDays(today, -200),
            } as CaseEvent;
          });
          const t = Date.now();
          await ingest.ingest(events, 'api');
          const done = Date.now();
          ingestMs.push(done - t);
          for (const e of events) committedAt.set(e.caseRef, done);
        }
        const ingestSeconds = (Date.now() - started) / 1000;
        const total = committedAt.size;
        const db = new Client({ connectionString: url });
        await db.connect();
        try {
          const until = Date.now() + 120_000;
          for (;;) {
            const [r] = (
              await db.query(`SELECT count(*)::int AS n FROM alerts WHERE kind = 'final_deadline_breached' AND delivered_at IS NOT NULL`)
            ).rows;
            if (r.n >= total) break;
            if (Date.now() > until) throw new Error(`only ${r.n} of ${total} breaches delivered after 120 s`);
            await sleep(200);
          }
          const lastDelivered = Date.now();
          const { rows } = await db.query(
            `SELECT case_ref, kind, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM relayed_at) * 1000 AS relayed,
                    extract(epoch FROM delivered_at) * 1000 AS delivered FROM alerts`,
          );
          const breach = rows.filter((r) => r.kind === 'final_deadline_breached');
          const of = (r: { case_ref: string }) => committedAt.get(r.case_ref)!;
          const lastByCase = new Map<string, number>();
          for (const r of rows) lastByCase.set(r.case_ref, Math.max(lastByCase.get(r.case_ref) ?? 0, Number(r.delivered)));
          console.log(
            `ingested ${n(total)} cases (${n(total)} events) in ${ingestSeconds.toFixed(1)} s = ${n(total / ingestSeconds)} events/s; ` +
              `${n(rows.length)} alerts delivered`,
          );
          console.log(
            `throughput: ${n(rows.length / ((lastDelivered - started) / 1000))} alerts/s delivered over the run; ` +
              `ingest call ${describeSpread('', ingestMs).trim()}`,
          );
          console.log(
            describeSpread(
              'ingest commit -> breach delivered',
              breach.map((r) => Number(r.delivered) - of(r)),
            ),
          );
          console.log(
            describeSpread(
              'ingest commit -> all its alerts',
              [...lastByCase].map(([ref, t]) => t - committedAt.get(ref)!),
            ),
          );
          console.log('  where the time goes (breach alert):');
          console.log(
            describeSpread(
              '  commit -> alert written',
              breach.map((r) => Number(r.created) - of(r)),
            ),
          );
          console.log(
            describeSpread(
              '  written -> relayed',
              breach.map((r) => Number(r.relayed) - Number(r.created)),
            ),
          );
          console.log(
            describeSpread(
              '  relayed -> delivered',
              breach.map((r) => Number(r.delivered) - Number(r.relayed)),
            ),
          );
          // The LA's forecasts kept after its recomputes run in the same process as the recomputes.
          const forecasts = (
            await db.query(`SELECT (detail->>'ms')::float8 AS ms FROM job_runs WHERE queue = 'snapshots' AND job_id LIKE 'forecasts:%'`)
          ).rows.map((r) => Number(r.ms));
          if (forecasts.length) {
            const busy = forecasts.reduce((a, b) => a + b, 0) / 1000;
            console.log(
              `${describeSpread(`forecasts kept meanwhile (${forecasts.length} jobs)`, forecasts)}  ` +
                `${busy.toFixed(1)} s of the ${ingestSeconds.toFixed(0)} s`,
            );
          }
          console.log(
            `load average: ${loadavg()
              .map((l) => l.toFixed(2))
              .join(' ')}`,
          );
        } finally {
          await db.end();
        }
      } finally {
        await Promise.all(workers.map((w) => stop(w)));
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
        redis.disconnect();
      }
    }),
  );
}

async function seed(url: string): Promise<void> {
  const options = seedOptionsFromCli({ las: 153, cases: CASES, seed: 1, asOf: today });
  const t = Date.now();
  const summary = await withApp(url, async (app) => {
    const s = await runSeed(options, new DatabaseSink(app.get(IngestService)), undefined, 50_000);
    await app.get(StaffRepository).upsert(options.las.flatMap((la) => syntheticStaff(la)));
    return s;
  });
  console.log(
    `seeded ${n(summary.cases)} cases, ${n(summary.events)} events over ${options.las.length} LAs ` +
      `in ${((Date.now() - t) / 1000).toFixed(0)} s`,
  );
}

async function nightly(): Promise<void> {
  console.log(`== nightly recompute of ${n(CASES)} cases as of ${today}`);
  const run = async (url: string) => {
    const db = new Client({ connectionString: url });
    await db.connect();
    // The seed's recompute requests are the relay's business, not the night's. Every table a pass
    // writes starts empty, as after a migration: a reused database's day counts and waiting list
    // counts left in place made its backfill find them already counted and write none of them.
    await db.query(
      `TRUNCATE recompute_requests, case_evaluations, case_milestones, alert_digests, alerts, measure_snapshots,
         ehc_stage_distributions, open_assessment_counts, nightly_pass_state, kept_forecasts,
         review_counts, stage_counts, stage_months, day_counts_refreshes, waiting_list_counts`,
    );
    await db.end();
    await ageSeed(url); // the derived tables start as after a migration
    console.log(await serverMemoryLine(url));
    console.log(await machineSpeedLine(url));
    console.log(
      `each night in a process of its own, as the worker runs: node ${workerNodeFlags().join(' ')}; RSS before the pass is the app's own`,
    );
    // The seed runs to today: night 1 is yesterday's backfill (every case new, every LA in full).
    // Night 2, today, is by change (the cases whose day has come) and the first to forecast from
    // stored stage durations (the backfill stores them; forecasts read last night's), so it raises
    // every open assessment's at-risk alert once. Night 3, tomorrow, is a normal night in a new
    // process; night 3b the one after it in the same process, after a quiet spell longer than the
    // pool's idle timeout, as a running worker has its nights. Night 4 is 3b's date again with
    // `recompute --all` (every case, what a rules change costs).
    const runs: { labels: string[]; dates: string[]; all: boolean; goalS: number | null }[] = [
      { labels: ['night 1 (backfill: all new, in full)'], dates: [addDays(today, -1)], all: false, goalS: 60 },
      { labels: ['night 2 (by change, first forecasts)'], dates: [today], all: false, goalS: null },
      {
        labels: ['night 3 (normal night, new process)', 'night 3b (the next, same process)'],
        dates: [addDays(today, 1), addDays(today, 2)],
        all: false,
        goalS: 10,
      },
      { labels: ['night 4 (recompute --all)'], dates: [addDays(today, 2)], all: true, goalS: null },
    ];
    for (const { labels, dates, all, goalS } of runs) {
      for (const [i, r] of (await nights(url, dates, all)).entries()) {
        const goal = goalS === null ? '' : `goal < ${goalS} s and < 512 MB: ${r.ms < goalS * 1000 && r.maxRssMb < 512 ? 'ok' : 'OVER'}; `;
        console.log(
          `${labels[i].padEnd(38)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${goal}${n(r.evaluated).padStart(9)} evaluated  ` +
            `${r.lasInFull} LAs in full, ${r.lasByChange} by change  ` +
            `peak RSS ${r.maxRssMb.toFixed(0)} MB (${r.rssBeforeMb.toFixed(0)} before)  ` +
            `(${n(r.written)} written, ${n(r.unchanged)} unchanged, ${n(r.milestones)} milestones, ` +
            `${n(r.alertsRaised)} alerts, ${n(r.snapshots)} snapshot rows; chunks of ${r.chunkSize}; ` +
            `${r.cpuUserS.toFixed(0)} s CPU in node; ` +
            `LAs' measures ${(r.measuresMs / 1000).toFixed(1)} s and storing them ${(r.storeMs / 1000).toFixed(1)} s, ` +
            `summed side by side); then the day's forecasts kept (the worker's next job): ${n(r.forecastsMade)} made in ` +
            `${(r.forecastsMs / 1000).toFixed(1)} s`,
        );
      }
    }
    console.log(`after the nights, ${await machineSpeedLine(url)}`);
    console.log(
      `load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (2 cores shared with other work: figures are noisy)`,
    );
  };
  const reuse = process.env.BENCH_DATABASE_URL;
  if (reuse) {
    if (!new URL(reuse).pathname.startsWith('/send_test_bench'))
      throw new Error('BENCH_DATABASE_URL must name a scratch database send_test_bench*: its derived tables are emptied');
    return run(reuse);
  }
  await withBenchDatabase(async (url) => {
    await seed(url);
    await run(url);
  });
}

/** Runs one part in a process of its own: the configuration, database URL included, is loaded once per process. */
function part(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'scripts', 'run.js'), 'test/bench/worker.bench.ts', name, ...args.filter((a) => /^\d+$/.test(a))],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  if (parts.length === 1) return parts[0] === 'latency' ? latency() : nightly();
  for (const name of ['latency', 'nightly']) await part(name);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
