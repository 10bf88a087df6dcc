// Snapshots and EHC stage durations from what is stored (issue 16): after a full nightly pass on a
// date, SnapshotsService.fromStore and StageDistributionsFromStore.fromStore equal what the pass
// stored (computed by re-evaluating every case), on three dates spread over a year; and on a later
// date with no pass at all (stored rows as of the last night), they equal every case evaluated
// afresh, open waits aged to that date. A database of this file's own.
import type { INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { RULES_TABLE } from '@app/config';
import {
  ForecastsModule,
  ForecastsService,
  RecomputeService,
  SnapshotAccumulator,
  SnapshotsService,
  StageDistributionsFromStore,
  StageDistributionsRepository,
  type SnapshotRow,
} from '@app/compliance';
import { EventReader, MIGRATIONS } from '@app/database';

import { addDays, buildStageDistributions, evaluateCase, type CaseEvaluation, type RulesTable } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { IngestService } from '../apps/ingest-api/src/events/ingest.service';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { seedArea } from './support/seed-area';

@Module({ imports: [CliModule, ForecastsModule] })
class FromStoreTestModule {}

// The seeded area ends on D3; the pass runs on D1, D2 and D3 (events after a date are not yet known
// to it); D4 is after the last pass, with no new events.
const D3 = '2026-09-30';
const D1 = addDays(D3, -300);
const D2 = addDays(D3, -150);
const D4 = addDays(D3, 45);

let scratch: ScratchDatabase;
let app: INestApplicationContext;
let las: string[];

/** As stored in jsonb: undefined members dropped, then compared whatever the key order. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const ordered = (rows: SnapshotRow[]) =>
  plain([...rows].sort((a, b) => `${a.pathway}|${a.needCode}`.localeCompare(`${b.pathway}|${b.needCode}`)));

async function evaluateAll(la: string, asOf: string): Promise<CaseEvaluation[]> {
  const rules = app.get<RulesTable>(RULES_TABLE);
  const out: CaseEvaluation[] = [];
  for await (const chunk of app.get(EventReader).streamAll(2000, ['', ''], la)) {
    for (const c of chunk) out.push(evaluateCase(c.events, asOf, rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway }));
  }
  return out;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await f();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

beforeAll(async () => {
  scratch = await createScratchDatabase('snapsql');
  scratch.use();
  app = await NestFactory.createApplicationContext(FromStoreTestModule, { logger: ['error'] });
  las = await seedArea(app, { las: 3, cases: 3000, seed: 11, asOf: D3 }, { scale: 0.1, withSupport: true });
}, 300000);

afterAll(async () => {
  await app?.close();
  await scratch?.drop();
});

describe('measure snapshots and stage durations from the stored evaluations', () => {
  it('seeds every pathway, SEN support and AP included', async () => {
    const rows: { pathway: string; n: number }[] = await app
      .get(DataSource)
      .query(`SELECT pathway, count(*)::int AS n FROM cases GROUP BY pathway ORDER BY pathway`);
    expect(rows.map((r) => r.pathway)).toEqual([
      'alternative_provision',
      'annual_review',
      'ehc_assessment',
      'neurodevelopmental',
      'sen_support',
      'slt',
    ]);
  });

  it.each([D1, D2, D3])('equal what a full nightly pass on %s stored, LA by LA', async (asOf) => {
    await app.get(RecomputeService).recomputeAll(asOf, { chunkSize: 1000 });
    for (const la of las) {
      const [rows, ms] = await timed(() => app.get(SnapshotsService).fromStore(la, asOf));
      const stored = await app.get(SnapshotsService).read(la, asOf);
      expect(stored.length).toBeGreaterThan(10);
      expect(ordered(rows)).toEqual(ordered(stored));
      const [dist, distMs] = await timed(() => app.get(StageDistributionsFromStore).fromStore(la, asOf));
      const storedDist = await app.get(StageDistributionsRepository).latest(la);
      expect(storedDist!.asOf).toBe(asOf);
      expect(plain(dist)).toEqual(storedDist);
      console.log(`fromStore ${la} ${asOf}: snapshots ${ms.toFixed(0)} ms, stage durations ${distMs.toFixed(0)} ms`);
    }
    // Not vacuous: over the LAs, the date has plans, open waits, SEN support (with its links) and AP.
    const all = (await Promise.all(las.map((la) => app.get(SnapshotsService).fromStore(la, asOf))))
      .flat()
      .filter((r) => r.needCode === 'all');
    const total = (pathway: string, f: (m: SnapshotRow['measures']) => number) =>
      all.filter((r) => r.pathway === pathway).reduce((n, r) => n + f(r.measures), 0);
    expect(total('ehc_assessment', (m) => m.ehc!.plansIssued)).toBeGreaterThan(0);
    expect(total('ehc_assessment', (m) => m.open!.overdue)).toBeGreaterThan(0);
    expect(total('annual_review', (m) => m.reviews!.meetingsOnTime.of)).toBeGreaterThan(0);
    expect(total('slt', (m) => m.waitingList!.waiting)).toBeGreaterThan(0);
    expect(total('neurodevelopmental', (m) => m.waitingList!.qs51!.of)).toBeGreaterThan(0);
    expect(total('sen_support', (m) => m.senSupport!.now.open)).toBeGreaterThan(0);
    expect(total('sen_support', (m) => m.senSupportLinks!.precededBySupport.count)).toBeGreaterThan(0);
    expect(total('sen_support', (m) => m.senSupportLinks!.waiting.either)).toBeGreaterThan(0);
    expect(total('alternative_provision', (m) => m.alternativeProvision!.open)).toBeGreaterThan(0);
  });

  it(`on ${D4}, after the last pass, no new events: open waits aged to the date, equal to every case evaluated afresh`, async () => {
    const db = app.get(DataSource);
    const [{ latest }] = await db.query(`SELECT max(as_of)::text AS latest FROM case_evaluations`);
    expect(latest).toBe(D3); // nothing stored as of D4
    const rules = app.get<RulesTable>(RULES_TABLE);
    for (const la of las) {
      const evaluations = await evaluateAll(la, D4);
      const acc = new SnapshotAccumulator(D4, rules);
      for (const e of evaluations) acc.add(e);
      const rows = await app.get(SnapshotsService).fromStore(la, D4);
      expect(ordered(rows)).toEqual(ordered(acc.takeLa(la)));
      const dist = await app.get(StageDistributionsFromStore).fromStore(la, D4);
      expect(plain(dist)).toEqual(plain(buildStageDistributions(evaluations, D4, rules)));
    }
    // One open wait, by name: its stored days are as of D3, its days in the snapshot run to D4.
    const [open] = await db.query(
      `SELECT la_code, case_ref, wait_clock_start::text, wait_days FROM case_evaluations
       WHERE pathway = 'slt' AND closed_on IS NULL AND wait_clock_start IS NOT NULL ORDER BY la_code, case_ref LIMIT 1`,
    );
    const days = (on: string) => Math.round((Date.parse(on) - Date.parse(open.wait_clock_start)) / 86400000);
    expect(open.wait_days).toBe(days(D3));
    const longest = async (on: string) => {
      const rows = await app.get(SnapshotsService).fromStore(open.la_code, on);
      return rows.find((r) => r.pathway === 'slt' && r.needCode === 'all')!.measures.waitingList!;
    };
    const [before, after] = [await longest(D3), await longest(D4)];
    expect(after.medianWeeks).toBeGreaterThan(before.medianWeeks!);
    expect(after.waiting).toBe(before.waiting); // no one joined or left: the same people, waiting longer
  });

  it('reads the stage steps of an evaluation stored before they were kept from its milestones, to the same durations', async () => {
    const db = app.get(DataSource);
    const durations = () => Promise.all(las.map((la) => app.get(StageDistributionsFromStore).fromStore(la, D4)));
    const kept = await durations();
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM case_evaluations WHERE summary ? 'stageSteps'`);
    expect(n).toBeGreaterThan(100); // ended new assessments keep them
    const summaries = `SELECT case_ref, summary FROM case_evaluations WHERE pathway = 'ehc_assessment' ORDER BY la_code, case_ref`;
    const stored = await db.query(summaries);
    await db.query(`UPDATE case_evaluations SET summary = summary - 'stageSteps' WHERE summary ? 'stageSteps'`);
    expect(plain(await durations())).toEqual(plain(kept));
    // The migration gives them back from the milestones, as the evaluations wrote them.
    const runner = db.createQueryRunner();
    const Migration = MIGRATIONS.find((m) => m.name === 'StageStepsInSummary1766400000000')!;
    await new Migration().up(runner);
    await runner.release();
    expect(await db.query(summaries)).toEqual(stored);
  });
});

describe('EHC forecasts from the stored evaluations that still stand', () => {
  const year = Number(D3.slice(0, 4));
  /** Each LA's forecast and caseworkers' at-risk list as of `on`, from a service with nothing cached. */
  async function answers(on: string) {
    const context = await NestFactory.createApplicationContext(FromStoreTestModule, { logger: ['error'] });
    try {
      const forecasts = context.get(ForecastsService);
      const out = [];
      for (const la of las)
        out.push({ forecast: await forecasts.ehcForecast({ la, year, asOf: on }), atRisk: await forecasts.atRisk(la, on) });
      return plain(out);
    } finally {
      await context.close();
    }
  }
  /** How many of the LAs' assessments a forecast as of `on` reads, and how many of those have a stored evaluation standing then. */
  async function standing(on: string) {
    const windowFrom = addDays(on, 1 - 7 * app.get<RulesTable>(RULES_TABLE).forecast.stageWindowWeeks);
    const since = `${year}-01-01` < windowFrom ? `${year}-01-01` : windowFrom;
    const [row] = await app.get(DataSource).query(
      `SELECT count(*)::int AS read,
         count(*) FILTER (WHERE ce.as_of <= $1::date AND (ce.changes_on IS NULL OR ce.changes_on > $1::date))::int AS standing
       FROM case_evaluations ce WHERE ce.pathway = 'ehc_assessment' AND ce.started_on <= $1::date
         AND coalesce(ce.closed_on, 'infinity'::date) >= $2::date`,
      [on, since],
    );
    return row as { read: number; standing: number };
  }

  it(`equal, on ${D3} (every stored evaluation standing) and ${D4} (some due to change), the same evaluated from the events`, async () => {
    const db = app.get(DataSource);
    const d3 = await standing(D3);
    const d4 = await standing(D4);
    expect(d3.standing).toBe(d3.read); // the pass ran on D3
    expect(d4.standing).toBeGreaterThan(0);
    expect(d4.standing).toBeLessThan(d4.read); // some changed by D4: those are evaluated from their events
    const fromStore = [await answers(D3), await answers(D4)];
    // Not vacuous: open assessments forecast, some of them at risk.
    expect(fromStore[0].flatMap((a) => a.forecast.assessments).length).toBeGreaterThan(10);
    expect(fromStore[1].flatMap((a) => a.atRisk).length).toBeGreaterThan(0);
    // Every stored evaluation as if made with other rules: none stands, all come from the events.
    const states = await db.query(`SELECT la_code, rules_version FROM nightly_pass_state`);
    await db.query(`UPDATE nightly_pass_state SET rules_version = 'other rules'`);
    try {
      expect([await answers(D3), await answers(D4)]).toEqual(fromStore);
    } finally {
      for (const s of states)
        await db.query(`UPDATE nightly_pass_state SET rules_version = $2 WHERE la_code = $1`, [s.la_code, s.rules_version]);
    }
  });

  it('keep an at-risk list before a pass stored the durations, built from the assessments; anew once one changes', async () => {
    const db = app.get(DataSource);
    const forecasts = app.get(ForecastsService);
    // As on an LA's first day, before its first nightly pass: no stored stage durations.
    await db.query(`CREATE TABLE hidden_durations AS SELECT * FROM ehc_stage_distributions`);
    await db.query(`DELETE FROM ehc_stage_distributions`);
    try {
      // D3, the area's last day, is the day with an assessment at risk by the durations built then.
      const lists = await Promise.all(las.map((code) => forecasts.atRisk(code, D3)));
      const at = lists.findIndex((l) => l.length > 0);
      expect(at).toBeGreaterThanOrEqual(0);
      const [code, first] = [las[at], lists[at]];
      expect(await forecasts.atRisk(code, D3)).toBe(first); // kept: the same answer, not built again
      // The case at risk gets its final plan: no longer open, no longer at risk; then the event is
      // retracted, and the case is at risk again (as the tests after this one find it).
      const ingested = async (event: Record<string, unknown>) => {
        await app.get(IngestService).ingest([event], 'api');
        await app.get(RecomputeService).recomputeCases(code, [gone], D3);
        return forecasts.atRisk(code, D3);
      };
      const gone = first[0].caseRef;
      const [c] = await db.query(`SELECT child_ref FROM cases WHERE la_code = $1 AND case_ref = $2`, [code, gone]);
      const final = { eventId: `${gone}-FINAL-BUILT`, la: code, caseRef: gone, childRef: c.child_ref, pathway: 'ehc_assessment' };
      const after = await ingested({ ...final, type: 'final_plan_issued', date: D3 });
      expect(after.map((f) => f.caseRef)).not.toContain(gone);
      const again = await ingested({
        ...final,
        eventId: `${gone}-FINAL-BUILT-R`,
        type: 'retract',
        date: D3,
        retractsEventId: final.eventId,
      });
      expect(again).not.toBe(first);
      expect(again).toEqual(first);
    } finally {
      await db.query(`INSERT INTO ehc_stage_distributions SELECT * FROM hidden_durations`);
      await db.query(`DROP TABLE hidden_durations`);
    }
  });

  it('keep an at-risk list between asks, and answer anew once one of its cases changes', async () => {
    const forecasts = app.get(ForecastsService);
    const lists = await Promise.all(las.map((code) => forecasts.atRisk(code, D4)));
    const at = lists.findIndex((l) => l.length > 0);
    expect(at).toBeGreaterThanOrEqual(0);
    const [code, first] = [las[at], lists[at]];
    expect(await forecasts.atRisk(code, D4)).toBe(first); // kept: the same answer, not made again
    // The first case on the list gets its final plan: it is no longer open, so no longer at risk.
    const gone = first[0].caseRef;
    const [c] = await app.get(DataSource).query(`SELECT child_ref FROM cases WHERE la_code = $1 AND case_ref = $2`, [code, gone]);
    await app.get(IngestService).ingest(
      [
        {
          eventId: `${gone}-FINAL-TEST`,
          la: code,
          caseRef: gone,
          childRef: c.child_ref,
          pathway: 'ehc_assessment',
          type: 'final_plan_issued',
          date: D4,
        },
      ],
      'api',
    );
    await app.get(RecomputeService).recomputeCases(code, [gone], D4);
    const after = await forecasts.atRisk(code, D4);
    expect(after.map((f) => f.caseRef)).toEqual(first.map((f) => f.caseRef).filter((r) => r !== gone));
  });

  it('are kept by the worker for the day, and a first ask reads them while all they were made from is unchanged', async () => {
    const db = app.get(DataSource);
    const made = await answers(D4); // nothing kept yet: made on each ask
    // The worker's job after a pass: every LA's forecast for the year and at-risk list, made once.
    const worker = app.get(ForecastsService);
    // The at-risk list of an LA with an open assessment (an empty one is not worth keeping).
    const kinds = made.map((m) => [`ehc-forecast:${year}`, ...(m.forecast.assessments.length ? ['at-risk'] : [])]);
    expect(kinds.filter((k) => k.length === 2).length).toBeGreaterThan(0);
    for (const [i, la] of las.entries()) expect(await worker.keepForDay(la, D4)).toEqual(kinds[i]);
    for (const la of las) expect(await worker.keepForDay(la, D4)).toEqual([]); // already kept under the same keys
    const kept: { la_code: string; kind: string; answer: unknown }[] = await db.query(
      `SELECT la_code, kind, answer FROM kept_forecasts ORDER BY la_code, kind`,
    );
    expect(kept.map((k) => `${k.la_code} ${k.kind}`)).toEqual(las.flatMap((la, i) => kinds[i].map((k) => `${la} ${k}`)).sort());
    for (const [i, la] of las.entries()) {
      expect(kept.find((k) => k.la_code === la && k.kind !== 'at-risk')!.answer).toEqual(made[i].forecast);
      if (kinds[i].length === 2) expect(kept.find((k) => k.la_code === la && k.kind === 'at-risk')!.answer).toEqual(made[i].atRisk);
    }
    // A new process (nothing in memory) answers from what is kept: shown by a kept answer marked here.
    const marked = (x: { forecast: { atRisk: number } }) => ({ ...x, forecast: { ...x.forecast, atRisk: -1 } });
    await db.query(
      `UPDATE kept_forecasts SET answer = (answer::jsonb || jsonb_build_object('atRisk', -1))::json WHERE kind LIKE 'ehc-forecast:%'`,
    );
    expect(await answers(D4)).toEqual(made.map(marked));
    // One of an LA's assessments changes: that LA's forecast and list are made anew; the others' still read.
    const [{ la_code: code, case_ref: ref, child_ref: child }] = await db.query(
      `SELECT ce.la_code, ce.case_ref, c.child_ref FROM case_evaluations ce JOIN cases c USING (la_code, case_ref)
       WHERE ce.pathway = 'ehc_assessment' AND ce.closed_on IS NULL AND ce.la_code = $1 ORDER BY ce.case_ref LIMIT 1`,
      [las[0]],
    );
    const event = { la: code, caseRef: ref, childRef: child, pathway: 'ehc_assessment', type: 'final_plan_issued', date: D4 };
    await app.get(IngestService).ingest([{ eventId: `${ref}-KEPT-TEST`, ...event }], 'api');
    await app.get(RecomputeService).recomputeCases(code, [ref], D4);
    const after = await answers(D4);
    expect(after[0].forecast.atRisk).not.toBe(-1);
    expect(after[0].forecast.assessments.map((a: { caseRef: string }) => a.caseRef)).not.toContain(ref);
    expect(after.slice(1)).toEqual(made.slice(1).map(marked));
  });
});
