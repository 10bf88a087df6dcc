// The SEN support and AP part of bench:reports alone, on a scratch database.
// Usage: node scripts/run.js test/bench/support-reports.bench.ts [PUPILS=200000] [RUNS=40]
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReportsModule } from '@app/compliance';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { withBenchDatabase } from './bench-database';
import { benchSupport } from './support-reports';

const [PUPILS = 200_000, RUNS = 40] = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);

@Module({ imports: [CliModule, ReportsModule] })
class BenchModule {}

withBenchDatabase(async (url) => {
  process.env.DATABASE_URL = url;
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    await benchSupport(app, '2026-11-22', PUPILS, RUNS);
  } finally {
    await app.close();
  }
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
