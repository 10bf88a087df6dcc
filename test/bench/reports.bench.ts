// Reports benchmark: p50/p95 of every report query and of each dashboard page's data query at
// national scale. Seeds CASES synthetic cases over LAS LAs (the seed's own path) into a scratch
// database, runs the nightly pass (RecomputeService.recomputeAll) to fill case_evaluations,
// case_milestones and the snapshots, then times each query over random LAs. Prints figures;
// asserts nothing about time.
// Usage: npm run bench:reports [-- [CASES=1000000] [LAS=153] [RUNS=40]]
// BENCH_DATABASE_URL=postgres://.../send_test_bench_x reuses a database already seeded (and
// recomputed) by an earlier run; it is migrated (new indexes) and kept. Without it the scratch
// database is dropped at the end.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ForecastsModule, RecomputeService, ReportsModule } from '@app/compliance';
import { migrate } from '@app/database';
import { todayInLondon } from '@app/rules';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';
import { completeCoveredRequests, withBenchDatabase } from './bench-database';
import { measureForecastQueries } from './forecast-queries';
import { measureReportQueries } from './report-queries';
import { benchSupport } from './support-reports';

const [CASES = 1_000_000, LAS = 153, RUNS = 40] = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
// Today, as the API's reports see it: several LAs' waiting lists today are added up from the stored
// lists (a fixed past date would time their count over every referral instead).
const AS_OF = todayInLondon(new Date());

@Module({ imports: [CliModule, ReportsModule, ForecastsModule] })
class BenchModule {}

const n = (x: number) => Math.round(x).toLocaleString('en-GB');

async function fill(url: string): Promise<void> {
  process.env.DATABASE_URL = url; // config is read when the context is created
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const db = app.get(DataSource);
    const [{ cases }] = await db.query(`SELECT count(*)::int AS cases FROM cases`);
    if (cases === 0) {
      const t = Date.now();
      const s = await runSeed(
        seedOptionsFromCli({ las: LAS, cases: CASES, seed: 1, asOf: AS_OF }),
        new DatabaseSink(app.get(IngestService)),
        undefined,
        50_000,
      );
      console.log(`seed: ${n(s.cases)} cases, ${n(s.events)} events in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    } else console.log(`reusing ${n(cases)} seeded cases`);
    // A nightly pass as of today unless every LA has had one (a database reused from another day).
    const [{ behind }] = await db.query(
      `SELECT count(*)::int AS behind FROM local_authorities l
       WHERE EXISTS (SELECT 1 FROM cases c WHERE c.la_code = l.la_code)
         AND NOT EXISTS (SELECT 1 FROM nightly_pass_state p WHERE p.la_code = l.la_code AND p.as_of = $1)`,
      [AS_OF],
    );
    if (behind > 0) {
      const t = Date.now();
      const p = await app.get(RecomputeService).recomputeAll(AS_OF, { chunkSize: 2000 });
      console.log(
        `nightly pass: ${n(p.evaluated)} cases evaluated, ${n(p.milestones)} milestones written ` +
          `in ${((Date.now() - t) / 1000).toFixed(0)} s`,
      );
    }
    await completeCoveredRequests(db);
    // As autovacuum does after a night (the tables' settings, migration 1767400000000): statistics, and
    // the visibility map index-only scans need.
    await db.query('VACUUM (ANALYZE) case_milestones, case_evaluations, alerts, recompute_requests');
    await db.query('ANALYZE');
  } finally {
    await app.close();
  }
}

async function run(url: string): Promise<void> {
  await fill(url);
  process.env.DATABASE_URL = url;
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    await measureReportQueries(app, { asOf: AS_OF, runs: RUNS });
    const fresh = () => NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
    await measureForecastQueries(app, { asOf: AS_OF, runs: RUNS, fresh });
    // Issue 15: one LA with SUPPORT_PUPILS (default 200,000) pupils at SEN support.
    await benchSupport(app, AS_OF, Number(process.env.SUPPORT_PUPILS ?? 200_000), RUNS);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
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
