// National benchmark (issue 16): England's size is 2,000,000 cases and about 12,000,000 events over
// all 151 LAs. Seeds CASES synthetic cases over every LA through the ingest path, then prints the
// ingest rate, the nightly pass on a backfill night (every case new) and on a normal night (the
// day after: nothing new, time alone moves the dates), each in a process of its own with its peak
// memory, and the p95 of every report and page query for one LA and for England, each beside its
// goal (one LA under 50 ms, England under 200 ms). Prints figures; asserts nothing about time.
// Usage: npm run bench:national [-- [CASES=2000000] [RUNS=20]]
// BENCH_DATABASE_URL=postgres://.../db reuses a database this bench seeded (kept); without it a
// scratch database is created and dropped at the end.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ReportsModule, StaffRepository, syntheticStaff } from '@app/compliance';
import { migrate } from '@app/database';
import { addDays, todayInLondon } from '@app/rules';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';
import { completeCoveredRequests, withBenchDatabase } from './bench-database';
import { machineSpeedLine } from './machine-speed';
import { serverMemoryLine } from './server-memory';
import { ageSeed, night } from './night-process';
import { GOAL_MS, measureReportQueries, type QueryTiming } from './report-queries';

const [CASES = 2_000_000, RUNS = 20] = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const ENGLAND_LAS = 151;
// The normal night is today's, so reports "as of today" answer as they would in the morning (England's
// open assessments from the stored per-LA counts); the backfill night, the seed's own date, is yesterday.
const NORMAL = todayInLondon(new Date());
const BACKFILL = addDays(NORMAL, -1);

@Module({ imports: [CliModule, ReportsModule] })
class BenchModule {}

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function withApp<T>(url: string, work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>) {
  process.env.DATABASE_URL = url; // config is read when the context is created
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** The seed through the ingest path (staging, checks, one statement per batch), timed. */
async function seed(url: string): Promise<void> {
  const options = seedOptionsFromCli({ las: ENGLAND_LAS, cases: CASES, seed: 1, asOf: BACKFILL });
  await withApp(url, async (app) => {
    const [{ cases }] = await app.get(DataSource).query(`SELECT count(*)::int AS cases FROM cases`);
    if (cases > 0) return console.log(`reusing ${n(cases)} seeded cases`);
    const t = Date.now();
    const summary = await runSeed(options, new DatabaseSink(app.get(IngestService)), undefined, 50_000);
    const ms = Date.now() - t;
    await app.get(StaffRepository).upsert(options.las.flatMap((la) => syntheticStaff(la)));
    console.log(
      `ingest: ${n(summary.cases)} cases, ${n(summary.events)} events over ${options.las.length} LAs in ${s(ms)}: ` +
        `${n((summary.events * 1000) / ms)} events/s`,
    );
  });
}

async function nights(url: string): Promise<void> {
  const already = await withApp(url, async (app) => {
    const [{ n: done }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM case_evaluations WHERE as_of = $1`, [NORMAL]);
    return done > 0;
  });
  if (already) return console.log(`reusing the nights already run (as of ${NORMAL})`);
  await ageSeed(url);
  for (const [label, asOf] of [
    ['backfill night (every case new)', BACKFILL],
    ['normal night (the day after)', NORMAL],
  ]) {
    const r = await night(url, asOf);
    // A deployment's worker completes them as it goes (each refresh after a night checks them).
    await withApp(url, (app) => completeCoveredRequests(app.get(DataSource)));
    console.log(
      `nightly pass, ${label}: ${n(r.evaluated)} cases evaluated, ${n(r.written)} written in ${s(r.ms)}, peak RSS ${n(r.maxRssMb)} MB ` +
        `(measures ${s(r.measuresMs)}, storing them ${s(r.storeMs)}, summed over LAs counted side by side; ` +
        `${r.cpuUserS.toFixed(0)} s CPU in node)`,
    );
  }
  await withApp(url, async (app) => {
    // As autovacuum does after a night (the tables' settings, migration 1767400000000): statistics, and
    // the visibility map index-only scans need.
    await app.get(DataSource).query('VACUUM (ANALYZE) case_milestones, case_evaluations, alerts, recompute_requests');
    await app.get(DataSource).query('ANALYZE');
  });
}

function verdicts(timings: QueryTiming[]): void {
  console.log('== against the goals (p95)');
  for (const scope of ['la', 'national'] as const) {
    const goal = GOAL_MS[scope];
    const mine = timings.filter((t) => t.scope === scope);
    const over = mine.filter((t) => t.p95 >= goal);
    const worst = mine.reduce((w, t) => (t.p95 > w.p95 ? t : w), mine[0]);
    console.log(
      `${scope === 'la' ? 'one LA' : 'England'}: ${mine.length - over.length} of ${mine.length} queries under ${goal} ms; ` +
        `worst ${worst.label} at ${worst.p95.toFixed(1)} ms`,
    );
    for (const t of over) console.log(`  over the goal: ${t.label}: p95 ${t.p95.toFixed(1)} ms (goal ${goal} ms)`);
  }
}

async function run(url: string): Promise<void> {
  const started = Date.now();
  console.log(await serverMemoryLine(url));
  console.log(await machineSpeedLine(url));
  await seed(url);
  await nights(url);
  const timings = await withApp(url, (app) =>
    measureReportQueries(app, {
      asOf: NORMAL,
      runs: RUNS,
      nightBefore: BACKFILL,
      onResult: (t) => {
        const goal = GOAL_MS[t.scope];
        const flag = t.p95 < goal ? 'ok' : 'OVER';
        const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
        console.log(`${t.label.padEnd(68)} p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  goal ${String(goal).padStart(3)} ms  ${flag}`);
      },
    }),
  );
  verdicts(timings);
  console.log(`bench:national took ${s(Date.now() - started)}`);
}

async function main(): Promise<void> {
  console.log(`== bench:national: ${n(CASES)} cases over ${ENGLAND_LAS} LAs (England: 2,000,000), ${RUNS} runs a query`);
  const reuse = process.env.BENCH_DATABASE_URL;
  if (reuse) {
    await migrate(reuse);
    await run(reuse);
  } else {
    await withBenchDatabase(run);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
