// SEN support and AP reports at scale (issue 15): one LA with PUPILS pupils at SEN support (and its
// ended spells and AP placements, from the seed's own generator), the nightly snapshot of that LA
// timed, then p50/p95 of GET /v1/reports/sen-support and /alternative-provision's service calls.
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SchoolReturnsRepository, SnapshotsService, SupportReportsService } from '@app/compliance';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { laProfile } from '../../apps/ingest-api/src/seed/la-profile';
import { schoolPopulation } from '../../apps/ingest-api/src/seed/school-population';
import { generateSupportCases } from '../../apps/ingest-api/src/seed/generate-support';

/** Kent: the largest LA, so its block of synthetic schools is the fullest. */
const LA = '886';

export async function benchSupport(app: INestApplicationContext, asOf: string, pupils: number, runs: number): Promise<void> {
  const pop = schoolPopulation(laProfile(LA));
  const scale = pupils / pop.atSenSupport;
  const sink = new DatabaseSink(app.get(IngestService));
  let t = Date.now();
  let cases = 0;
  let events = 0;
  let batch: Parameters<DatabaseSink['write']>[0] = [];
  // A database reused (BENCH_DATABASE_URL) holds them already: the same generator, so nothing new to ingest.
  const [seeded] = await app
    .get(DataSource)
    .query(`SELECT EXISTS (SELECT 1 FROM cases WHERE la_code = $1 AND pathway = 'sen_support') AS yes`, [LA]);
  for (const c of seeded.yes ? [] : generateSupportCases({ las: [LA], seed: 1, asOf, scale })) {
    cases++;
    batch.push(...c);
    if (batch.length >= 50_000) {
      await sink.write(batch);
      events += batch.length;
      batch = [];
    }
  }
  if (batch.length) await sink.write(batch);
  events += batch.length;
  await app.get(SchoolReturnsRepository).addSchools(LA, pop.schools);
  const secs = ((Date.now() - t) / 1000).toFixed(0);
  const count = (x: number) => x.toLocaleString('en-GB');
  if (seeded.yes) console.log(`== SEN support: LA ${LA}, reusing the pupils seeded before`);
  else console.log(`== SEN support: LA ${LA}, ${count(cases)} cases, ${count(events)} events seeded in ${secs} s`);
  t = Date.now();
  const rows = await app.get(SnapshotsService).compute(LA, asOf);
  const open = rows.find((r) => r.pathway === 'sen_support' && r.needCode === 'all')?.measures.senSupport?.now.open ?? 0;
  console.log(
    `nightly snapshot of LA ${LA}: ${open.toLocaleString('en-GB')} pupils at SEN support, in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  const support = app.get(SupportReportsService);
  for (const [label, query] of [
    ['senSupport report, 1 LA', () => support.senSupport(LA, asOf)],
    ['alternativeProvision report, 1 LA', () => support.alternativeProvision(LA, asOf)],
  ] as const) {
    await query();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await query();
      ms.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    ms.sort((a, b) => a - b);
    const p = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    const over = p(0.95) < 200 ? '' : '  over 200 ms';
    console.log(
      `${label.padEnd(58)} p50 ${p(0.5).toFixed(1).padStart(7)} ms  p95 ${p(0.95).toFixed(1).padStart(7)} ms  (${runs} runs)${over}`,
    );
  }
}
