// One night of the nightly pass in a process of its own, so its peak memory is the pass's alone:
// RecomputeService.recomputeAll over DATABASE_URL as of argv[2] (by change; argv[3] 'all': every
// case), then, as the worker's 'forecasts' job after the pass, each LA's forecasts kept for the day
// (timed apart). Prints one JSON line a night: argv[2] may list several dates (comma-separated), run
// night after night in this one process with a quiet spell between, as a running worker has them.
// Started by worker.bench.ts and national.bench.ts; not meant to be run by hand on a database that matters.
import 'reflect-metadata';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import { ComplianceCoreModule, ForecastsModule, ForecastsService, RecomputeService } from '@app/compliance';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';

@Module({ imports: [ConfigModule, DatabaseModule, ComplianceCoreModule, ForecastsModule] })
class NightlyBenchModule {}

/**
 * Between two nights in one process: longer than node-postgres's idle timeout (10 s), so a pool that
 * kept no connections would start the next night on new ones, as a worker does a day later.
 */
export const QUIET_SPELL_MS = 12_000;

async function main(): Promise<void> {
  // One date, or several (comma-separated) run night after night in this process, as a worker runs them.
  const dates = process.argv[2].split(',');
  const all = process.argv[3] === 'all';
  const app = await NestFactory.createApplicationContext(NightlyBenchModule, { logger: ['error', 'warn'] });
  const chunkSize = app.get(AppConfig).nightlyChunkCases;
  for (const [i, asOf] of dates.entries()) {
    if (i > 0) await sleep(QUIET_SPELL_MS);
    const line = await oneNight(app, asOf, all, chunkSize);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  await app.close();
}

async function oneNight(app: INestApplicationContext, asOf: string, all: boolean, chunkSize: number): Promise<object> {
  const rssBefore = process.memoryUsage().rss;
  let peakSampled = rssBefore;
  // rss() alone: memoryUsage() walks every heap space, about 0.25 ms a call (0.2 s of a backfill's profile).
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, process.memoryUsage.rss())), 100);
  const cpuBefore = process.resourceUsage().userCPUTime;
  const started = process.hrtime.bigint();
  const result = await app.get(RecomputeService).recomputeAll(asOf, { chunkSize, all });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // The pass's own CPU and peak memory, read before the forecasts job adds to them.
  const passUsage = process.resourceUsage();
  const peakOfPass = peakSampled;
  // The worker's job after the pass (SnapshotsProcessor 'forecasts'), LA by LA.
  const keepStarted = process.hrtime.bigint();
  const { made: forecastsMade } = await app.get(ForecastsService).keepAllForDay(asOf);
  const forecastsMs = Number(process.hrtime.bigint() - keepStarted) / 1e6;
  clearInterval(sampler);
  return {
    asOf,
    ms,
    chunkSize,
    evaluated: result.evaluated,
    written: result.cases,
    unchanged: result.unchanged,
    milestones: result.milestones,
    alertsRaised: result.alertsRaised,
    snapshots: result.snapshots,
    lasInFull: result.lasInFull,
    lasByChange: result.lasByChange,
    verdictsTurned: result.verdictsTurned,
    measuresMs: result.measuresMs,
    storeMs: result.storeMs,
    forecastsMs,
    forecastsMade,
    rssBeforeMb: rssBefore / 1048576,
    peakSampledMb: peakOfPass / 1048576,
    // The process's peak so far: a later night's is its own only if it went higher.
    maxRssMb: passUsage.maxRSS / 1024,
    cpuUserS: (passUsage.userCPUTime - cpuBefore) / 1e6,
  };
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
