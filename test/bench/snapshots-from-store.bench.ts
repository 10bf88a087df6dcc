// One LA's measure snapshot and EHC stage durations from what is stored (issue 16), at a realistic
// LA size: seeds one LA, runs the full nightly pass (which stores both, computed by evaluating every
// case), then times SnapshotsService.fromStore and StageDistributionsFromStore.fromStore, checks
// they equal what the pass stored, and prints the times beside the per-LA share of the normal-night goal.
// Usage: npm run bench:snapshots -- [CASES=10000] [RUNS=20] [SUPPORT_PERCENT=100]
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  RecomputeService,
  SnapshotsService,
  StageDistributionsFromStore,
  StageDistributionsRepository,
  type SnapshotRow,
} from '@app/compliance';
import { CliModule } from '../../apps/ingest-api/src/cli/cli.module';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { DEMO_LA, seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';
import { withBenchDatabase } from './bench-database';

const [CASES = 10_000, RUNS = 20, SUPPORT_PERCENT = 100] = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
const AS_OF = '2026-11-22';
/** Issue 16's normal night: 1,000,000 cases in under 10 s, over England's 151 LAs. */
const NIGHT_GOAL_MS = 10_000;
const LAS_IN_ENGLAND = 151;

@Module({ imports: [CliModule] })
class BenchModule {}

const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const keyOf = (r: SnapshotRow) => `${r.pathway}|${r.needCode}`;
const sorted = (rows: SnapshotRow[]) => plain([...rows].sort((a, b) => keyOf(a).localeCompare(keyOf(b))));

async function times(f: () => Promise<unknown>): Promise<{ p50: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await f();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1] };
}

withBenchDatabase(async (url) => {
  process.env.DATABASE_URL = url;
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    const options = { ...seedOptionsFromCli({ la: [DEMO_LA], cases: CASES, seed: 1, asOf: AS_OF }), scale: SUPPORT_PERCENT / 100 };
    const s = await runSeed(options, new DatabaseSink(app.get(IngestService)), undefined, 50_000, SUPPORT_PERCENT > 0);
    const t = Date.now();
    await app.get(RecomputeService).recomputeAll(AS_OF, { chunkSize: 2000 });
    const passMs = Date.now() - t;
    const db = app.get(DataSource);
    await db.query('VACUUM (ANALYZE) case_milestones, case_evaluations');
    const [{ milestones }] = await db.query(`SELECT count(*)::int AS milestones FROM case_milestones`);
    console.log(
      `LA ${DEMO_LA}: ${s.cases.toLocaleString('en-GB')} cases (${Object.entries(s.byPathway)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ')}), ${milestones.toLocaleString('en-GB')} milestones; full pass ${passMs} ms`,
    );
    const snapshots = app.get(SnapshotsService);
    const stages = app.get(StageDistributionsFromStore);
    const same =
      isDeepStrictEqual(sorted(await snapshots.fromStore(DEMO_LA, AS_OF)), sorted(await snapshots.read(DEMO_LA, AS_OF))) &&
      isDeepStrictEqual(plain(await stages.fromStore(DEMO_LA, AS_OF)), await app.get(StageDistributionsRepository).latest(DEMO_LA));
    const snap = await times(() => snapshots.fromStore(DEMO_LA, AS_OF));
    const dist = await times(() => stages.fromStore(DEMO_LA, AS_OF));
    const share = (NIGHT_GOAL_MS / LAS_IN_ENGLAND) * (s.cases / (1_000_000 / LAS_IN_ENGLAND));
    console.log(`equal to what the pass stored: ${same ? 'yes' : 'NO'}`);
    console.log(`                                p50 ms   max ms   limit (this LA's share of the 10 s night) ms`);
    const row = (name: string, r: { p50: number; max: number }) =>
      console.log(`${name.padEnd(32)}${r.p50.toFixed(0).padStart(6)}${r.max.toFixed(0).padStart(9)}   ${share.toFixed(0)}`);
    row('SnapshotsService.fromStore', snap);
    row('StageDistributions fromStore', dist);
    if (!same) process.exitCode = 1;
  } finally {
    await app.close();
  }
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
