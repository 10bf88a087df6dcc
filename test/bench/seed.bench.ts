// Seed benchmark: generation alone, then the same cases written to a scratch database through
// the trusted ingest path. Usage: npm run bench:seed [-- CASES [LAS]]
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { generateCases } from '../../apps/ingest-api/src/seed/generate-events';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';
import { withBenchDatabase } from './bench-database';

const CASES = Number(process.argv[2] ?? 1_000_000);
const LAS = Number(process.argv[3] ?? 153);

async function main(): Promise<void> {
  const options = seedOptionsFromCli({ las: LAS, cases: CASES, seed: 1, asOf: '2026-11-22' });
  let t = Date.now();
  let events = 0;
  for (const c of generateCases(options)) events += c.length;
  const genMs = Date.now() - t;
  console.log(
    `generate: ${CASES} cases, ${events} events over ${options.las.length} LAs in ${(genMs / 1000).toFixed(1)} s ` +
      `(${Math.round((events * 1000) / genMs)} events/s)`,
  );

  await withBenchDatabase(async (url) => {
    process.env.DATABASE_URL = url;
    const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
    const sink = new DatabaseSink(app.get(IngestService));
    t = Date.now();
    const summary = await runSeed(options, sink, undefined, 50_000);
    const ms = Date.now() - t;
    console.log(
      `seed to PostgreSQL: ${summary.cases} cases, ${summary.events} events in ${(ms / 1000).toFixed(1)} s ` +
        `(${Math.round((summary.events * 1000) / ms)} events/s); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
    await app.close();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
