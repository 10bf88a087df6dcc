// Open assessments today from stored per-LA counts (issue 16): after the nightly pass and after a
// recompute of new events, each LA's stored counts, and all of them added up, equal the report's
// count over every milestone, and the report (one LA or England) answers from them; an LA without
// its row sends the report back to the milestones. A database of this file's own, so no other file's LAs are counted.
import type { INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OpenCountsRepository, RecomputeService, ReportsModule, ReportsRepository, ReportsService } from '@app/compliance';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { IngestService } from '../apps/ingest-api/src/events/ingest.service';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { seedArea } from './support/seed-area';

@Module({ imports: [CliModule, ReportsModule] })
class CountsTestModule {}

const today = todayInLondon(new Date());
const DUE_SOON_DAYS = 14; // measures.openDueWithinWeeks (2) in days

let scratch: ScratchDatabase;
let app: INestApplicationContext;
let las: string[];

const stored = (codes = las) => app.get(OpenCountsRepository).sum(codes, today);
const counted = (codes = las) => app.get(ReportsRepository, { strict: false }).openCounts(codes, today, DUE_SOON_DAYS);
/** Each LA alone: its stored row equals its count, and the one-LA report answers with it. */
async function eachLaAlone(): Promise<void> {
  for (const la of las) {
    const own = await stored([la]);
    expect({ la, own }).toEqual({ la, own: await counted([la]) });
    expect((await app.get(ReportsService).openAssessments({ las: [la], asOf: today })).open).toBe(own!.open);
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase('opencounts');
  scratch.use();
  app = await NestFactory.createApplicationContext(CountsTestModule, { logger: ['error'] });
  las = await seedArea(app, { las: 3, cases: 3000, seed: 7, asOf: today });
}, 120000);

afterAll(async () => {
  await app?.close();
  await scratch?.drop();
});

describe('open assessments today for one LA or several from stored per-LA counts', () => {
  it('stores each LA at the end of its nightly pass, adding up to the count over every milestone', async () => {
    const rows = async () => Number((await app.get(DataSource).query(`SELECT count(*) AS n FROM open_assessment_counts`))[0].n);
    expect(await rows()).toBe(0); // nothing stored before the pass
    const [{ cases }] = await app.get(DataSource).query(`SELECT count(*)::int AS cases FROM cases`);
    expect(cases).toBe(3000);
    await app.get(RecomputeService).recomputeAll(today, { chunkSize: 500 });
    const sum = await stored();
    expect(sum).not.toBeNull();
    expect(await rows()).toBe(3);
    expect(sum!.open).toBeGreaterThan(50); // the seed leaves assessments open
    expect(sum).toEqual(await counted());
    const report = await app.get(ReportsService).openAssessments({ asOf: today });
    expect(report.open).toBe(sum!.open);
    await eachLaAlone();
  });

  it('follows a recompute of new events: new late requests in one LA, and one assessment finished', async () => {
    const before = (await stored())!;
    // An assessment open today, in any of the LAs; the new requests go to the same LA.
    const [open] = await app.get(DataSource).query(
      `SELECT la_code, case_ref FROM case_evaluations WHERE la_code = ANY($1) AND pathway = 'ehc_assessment'
         AND coalesce(closed_on, 'infinity'::date) > $2::date AND started_on <= $2::date ORDER BY la_code, case_ref LIMIT 1`,
      [las, today],
    );
    const la: string = open.la_code;
    const base = (i: number) => ({ la, caseRef: `OAC-${i}`, childRef: `C-OAC-${i}`, pathway: 'ehc_assessment' as const });
    const late = Array.from({ length: 5 }, (_, i) => ({
      ...base(i),
      eventId: `OAC-${i}-1`,
      type: 'request_received',
      date: addDays(today, -150),
    })) as CaseEvent[];
    const [child] = await app
      .get(DataSource)
      .query(`SELECT child_ref FROM cases WHERE la_code = $1 AND case_ref = $2`, [la, open.case_ref]);
    const finish = {
      la,
      caseRef: open.case_ref,
      childRef: child.child_ref,
      pathway: 'ehc_assessment',
      eventId: `OAC-withdrawn-${open.case_ref}`,
      type: 'withdrawn',
      date: addDays(today, -1),
    } as CaseEvent;
    await app.get(IngestService).ingest([...late, finish], 'api');
    await app.get(RecomputeService).recomputeCases(la, [...late.map((e) => e.caseRef), open.case_ref], today);

    const after = (await stored())!;
    expect(after).toEqual(await counted());
    expect(after.open).toBe(before.open + 5 - 1);
    expect(after.overdue).toBeGreaterThanOrEqual(before.overdue + 4); // 150 days late: the decision at least is overdue
    await eachLaAlone();
  });

  it('counts from the milestones when an LA has no stored row for the date', async () => {
    await app.get(DataSource).query(`DELETE FROM open_assessment_counts WHERE la_code = $1`, [las[0]]);
    expect(await stored()).toBeNull();
    const report = await app.get(ReportsService).openAssessments({ asOf: today });
    expect(report.open).toBe((await counted()).open);
    // The LA alone too: counted from its milestones (its row is gone, so the answer did not come from it).
    expect(await stored([las[0]])).toBeNull();
    expect((await app.get(ReportsService).openAssessments({ las: [las[0]], asOf: today })).open).toBe((await counted([las[0]])).open);
  });
});
