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
import { ForecastsModule, ForecastsService, RecomputeService, ReportsModule, ReportsService, TREND_MEASURES } from '@app/compliance';
import { EventReader, migrate } from '@app/database';
import { addDays, type WaitPathway } from '@app/rules';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { PagesRepository } from '../../apps/ingest-api/src/pages/pages.repository';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';
import { withBenchDatabase } from './bench-database';
import { benchSupport } from './support-reports';

const [CASES = 1_000_000, LAS = 153, RUNS = 40] = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const AS_OF = '2026-11-22';
const YEAR = { from: '2025-11-23', to: AS_OF };

@Module({ imports: [CliModule, ReportsModule, ForecastsModule] })
class BenchModule {}

type App = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

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
    const [{ evaluated }] = await db.query(`SELECT count(*)::int AS evaluated FROM case_evaluations WHERE as_of = $1`, [AS_OF]);
    if (evaluated < (await db.query(`SELECT count(*)::int AS c FROM cases`))[0].c) {
      const t = Date.now();
      const p = await app.get(RecomputeService).recomputeAll(AS_OF, { chunkSize: 2000 });
      console.log(
        `nightly pass: ${n(p.evaluated)} cases evaluated, ${n(p.milestones)} milestones written ` +
          `in ${((Date.now() - t) / 1000).toFixed(0)} s`,
      );
    }
    // As autovacuum would after the nightly pass: statistics, and the visibility map index-only scans need.
    await db.query('VACUUM (ANALYZE) case_milestones, case_evaluations');
    await db.query('ANALYZE');
  } finally {
    await app.close();
  }
}

async function time(label: string, runs: number, query: (i: number) => Promise<unknown>): Promise<void> {
  await query(-1); // warm the plan cache and the buffers once
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await query(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const flag = pct(ms, 95) < 200 ? '' : '  over 200 ms';
  console.log(
    `${label.padEnd(58)} p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms  p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms  (${runs} runs)${flag}`,
  );
}

async function measure(app: App): Promise<void> {
  const reports = app.get(ReportsService);
  const db = app.get(DataSource);
  // The caseworker page's own query, as the page runs it.
  const pages = new PagesRepository(db, app.get(EventReader));
  const las: string[] = (await db.query(`SELECT DISTINCT la_code FROM cases ORDER BY 1`)).map((r: { la_code: string }) => r.la_code);
  const [{ cases }] = await db.query(`SELECT count(*)::int AS cases FROM case_evaluations`);
  const [{ milestones }] = await db.query(`SELECT count(*)::int AS milestones FROM case_milestones`);
  // Per LA: the busiest caseworker's and team's lists (the page's worst case).
  const staff: { la_code: string; assignee_ref: string; team: string }[] = await db.query(
    `SELECT DISTINCT ON (la_code) la_code, assignee_ref, team FROM case_evaluations WHERE status = 'open' AND assignee_ref IS NOT NULL
     GROUP BY la_code, assignee_ref, team ORDER BY la_code, count(*) DESC`,
  );
  const byLa = new Map(staff.map((s) => [s.la_code, s]));
  console.log(`== ${n(cases)} cases, ${n(milestones)} milestones over ${las.length} LAs; as of ${AS_OF}; one LA per run, round robin`);
  const la = (i: number) => [las[(i + las.length) % las.length]];
  const past = addDays(AS_OF, -200);
  const soon = addDays(AS_OF, 14);

  await time('ehcTimeliness 1 LA, 12 months, total', RUNS, (i) => reports.ehcTimeliness({ las: la(i), ...YEAR }));
  await time('ehcTimeliness 1 LA, 12 months, by month', RUNS, (i) => reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'month' }));
  await time('ehcTimeliness 1 LA, 12 months, by need', RUNS, (i) => reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'need' }));
  await time('ehcTimeliness 1 LA, 3 years, by month', RUNS, (i) =>
    reports.ehcTimeliness({ las: la(i), from: '2023-11-23', to: AS_OF, by: 'month' }),
  );
  await time('ehcTimeliness England, 12 months, by LA', Math.ceil(RUNS / 4), () => reports.ehcTimeliness({ ...YEAR, by: 'la' }));
  await time('ehcTimeliness England, 12 months, total', Math.ceil(RUNS / 4), () => reports.ehcTimeliness({ ...YEAR }));
  await time('stageTimeliness 1 LA, 12 months', RUNS, (i) => reports.stageTimeliness({ las: la(i), ...YEAR }));
  await time('stageTimeliness England, 12 months', Math.ceil(RUNS / 4), () => reports.stageTimeliness({ ...YEAR }));
  await time('annualReviews 1 LA, 12 months', RUNS, (i) => reports.annualReviews({ las: la(i), ...YEAR }));
  await time('annualReviews England, 12 months', Math.ceil(RUNS / 4), () => reports.annualReviews({ ...YEAR }));
  for (const pathway of ['slt', 'neurodevelopmental'] as WaitPathway[]) {
    await time(`waitingList 1 LA ${pathway}, today (targets, 20 longest)`, RUNS, (i) =>
      reports.waitingList({ las: la(i), pathway, asOf: AS_OF }),
    );
    await time(`waitingList 1 LA ${pathway}, 200 days ago`, RUNS, (i) => reports.waitingList({ las: la(i), pathway, asOf: past }));
    await time(`waitingList England ${pathway}, today`, Math.ceil(RUNS / 4), () => reports.waitingList({ pathway, asOf: AS_OF }));
  }
  await time('openAssessments 1 LA, today', RUNS, (i) => reports.openAssessments({ las: la(i), asOf: AS_OF }));
  await time('openAssessments 1 LA, 200 days ago', RUNS, (i) => reports.openAssessments({ las: la(i), asOf: past }));
  await time('openAssessments England, today', Math.ceil(RUNS / 4), () => reports.openAssessments({ asOf: AS_OF }));
  // Before the stored evaluations' date: the assessments open then are evaluated from their events.
  await time('openAssessments England, 200 days ago', Math.ceil(RUNS / 10), () => reports.openAssessments({ asOf: past }));
  await time('trend 1 LA nd median+p92+over-max, 12 months', RUNS, (i) =>
    reports.trend({
      la: la(i)[0],
      pathway: 'neurodevelopmental',
      measures: ['waiting_median_weeks', 'waiting_p92_weeks', 'waiting_over_max_count'],
      ...YEAR,
    }),
  );
  await time('trend 1 LA EHC 20-week incl/excl, 12 months', RUNS, (i) =>
    reports.trend({
      la: la(i)[0],
      pathway: 'ehc_assessment',
      measures: ['final_within_20_weeks_pct', 'final_within_20_weeks_ex_pct'],
      ...YEAR,
    }),
  );

  console.log('== forecasts (each run a new LA or a new what-if, so the caches do not answer)');
  const forecasts = app.get(ForecastsService);
  const targets = new Map<string, number>(
    (
      await db.query(
        `SELECT DISTINCT ON (la_code) la_code, target_id::int AS id FROM targets
         WHERE pathway = 'slt' AND measure = 'waiting_within_target_pct' AND deadline > $1 ORDER BY la_code, target_id`,
        [AS_OF],
      )
    ).map((r: { la_code: string; id: number }) => [r.la_code, r.id]),
  );
  for (const pathway of ['slt', 'neurodevelopmental'] as const) {
    await time(`capacity 1 LA ${pathway}, 26 weeks, with its targets' relief`, RUNS, (i) =>
      forecasts.capacity({ la: la(i)[0], pathway, asOf: AS_OF }),
    );
  }
  await time('projection 1 LA slt to its target, with a new what-if each run', RUNS, (i) =>
    forecasts.projection({ la: la(i)[0], pathway: 'slt', target: { id: targets.get(la(i)[0]) ?? 0 }, demandChange: i + 1, asOf: AS_OF }),
  );
  await time('ehcForecast 1 LA year (evaluates its EHC cases), a new day each run', RUNS, (i) =>
    forecasts.ehcForecast({ la: la(i)[0], year: 2026, asOf: addDays(AS_OF, -1 - i) }),
  );
  await time('caseworker: at-risk list 1 LA (stored stage durations)', RUNS, (i) => forecasts.atRisk(la(i)[0], AS_OF));

  console.log('== pages');
  await time('caseworker: one caseworker overdue/due 14 days/exempt', RUNS, (i) => {
    const s = byLa.get(la(i)[0]);
    return pages.workItems({ la: la(i)[0], today: AS_OF, soonUntil: soon, assignee: s?.assignee_ref });
  });
  await time('caseworker: one team overdue/due 14 days/exempt', RUNS, (i) =>
    pages.workItems({ la: la(i)[0], today: AS_OF, soonUntil: soon, team: byLa.get(la(i)[0])?.team }),
  );
  await time('commissioner: waiting list + trend (slt and nd)', RUNS, async (i) => {
    await Promise.all(
      (['slt', 'neurodevelopmental'] as WaitPathway[]).flatMap((pathway) => [
        reports.waitingList({ las: la(i), pathway, asOf: AS_OF, longest: 20 }),
        reports.trend({ la: la(i)[0], pathway, measures: [...TREND_MEASURES], ...YEAR }),
      ]),
    );
  });
  await time('EHC timeliness page: by month + by need + total + one need by month', RUNS, async (i) => {
    await Promise.all([
      reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'month' }),
      reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'need' }),
      reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'total' }),
      reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'month', needCode: 'ASD' }),
    ]);
  });
  await time('leader: stage timeliness + reviews + open assessments', RUNS, async (i) => {
    await Promise.all([
      reports.stageTimeliness({ las: la(i), ...YEAR }),
      reports.annualReviews({ las: la(i), ...YEAR }),
      reports.openAssessments({ las: la(i), asOf: AS_OF }),
    ]);
  });
}

async function run(url: string): Promise<void> {
  await fill(url);
  process.env.DATABASE_URL = url;
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    await measure(app);
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
