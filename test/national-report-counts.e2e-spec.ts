// National reports from stored per-LA counts (issue 16): after the nightly pass and after a
// recompute of new events, each LA's annual review days (review_counts) add up, over any period,
// to the count over every review step; open assessments as of a past date are counted from events
// once per LA and date, then read back, until an event dated by then arrives for that LA. A
// database of this file's own, so no other file's LAs are counted.
import type { INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock, RULES_TABLE } from '@app/config';
import {
  DayCountsRepository,
  STAGE_COLUMNS,
  RecomputeService,
  ReportsModule,
  ReportsRepository,
  ReportsService,
  seenFromOf,
  WaitingListCountsRepository,
} from '@app/compliance';
import { EventReader } from '@app/database';
import { addDays, addMonths, evaluateCase, OpenAssessmentsAccumulator, todayInLondon, type CaseEvent, type RulesTable } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { IngestService } from '../apps/ingest-api/src/events/ingest.service';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { seedArea } from './support/seed-area';

@Module({ imports: [CliModule, ReportsModule] })
class NationalCountsTestModule {}

const today = todayInLondon(new Date());
const past = addDays(today, -200);

let scratch: ScratchDatabase;
let app: INestApplicationContext;
let db: DataSource;
let las: string[];

beforeAll(async () => {
  scratch = await createScratchDatabase('natcounts');
  scratch.use();
  app = await NestFactory.createApplicationContext(NationalCountsTestModule, { logger: ['error'] });
  db = app.get(DataSource);
  las = await seedArea(app, { las: 3, cases: 3000, seed: 11, asOf: today });
  await app.get(RecomputeService).recomputeAll(today, { chunkSize: 500 });
}, 180000);

afterAll(async () => {
  await app?.close();
  await scratch?.drop();
});

/** Every EHC assessment of the LAs evaluated from its events as of `asOf`, counted as the report counts (libs/rules). */
async function fromEvents(asOf: string, of: string[] = las) {
  const rules = app.get<RulesTable>(RULES_TABLE);
  const acc = new OpenAssessmentsAccumulator(rules);
  for (const la of of) {
    const refs: string[] = (
      await db.query(`SELECT case_ref FROM cases WHERE la_code = $1 AND pathway = 'ehc_assessment' ORDER BY case_ref`, [la])
    ).map((r: { case_ref: string }) => r.case_ref);
    for (const c of await app.get(EventReader).loadCases(la, refs)) {
      acc.add(evaluateCase(c.events, asOf, rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway }));
    }
  }
  return acc.result();
}

const pastRows = async (asOf = past): Promise<{ la_code: string; refreshed_at: Date }[]> =>
  db.query(`SELECT la_code, refreshed_at FROM open_assessment_counts WHERE as_of = $1 AND events_seen_at IS NOT NULL ORDER BY la_code`, [
    asOf,
  ]);

describe('annual reviews for one LA or several from stored per-LA days', () => {
  const rule = { capDays: 7 * 12, capRuleKnown: true };
  const periods = [
    [addDays(today, -364), today],
    [addDays(today, -1095), today],
    [addDays(today, -120), addDays(today, -90)],
  ];

  it('adds up, over any period, to the count over every review step', async () => {
    const rules = app.get<RulesTable>(RULES_TABLE);
    rule.capDays = 7 * rules.annualReview.amendedPlanMeetingCapWeeks;
    rule.capRuleKnown = rules.annualReview.amendedPlanNoticeWeeks !== rules.annualReview.amendedPlanMeetingCapWeeks;
    const repo = app.get(ReportsRepository, { strict: false });
    for (const [from, to] of periods) {
      for (const asked of [las, ...las.map((la) => [la])]) {
        const stored = await app.get(DayCountsRepository).sum(asked, from, to, rule);
        expect(stored).toEqual(await repo.reviewCounts(asked, from, to, rule.capDays, rule.capRuleKnown));
      }
    }
    const year = (await app.get(DayCountsRepository).sum(las, periods[0][0], periods[0][1], rule))!;
    expect(year.meetings_all).toBeGreaterThan(50); // the seed has reviews to count
    expect(year.amended_all).toBeGreaterThan(0);
    expect(Object.keys(year.transfers).length).toBeGreaterThan(0);
  });

  it('is not used when counted with another cap rule, nor when an LA has no refresh', async () => {
    const [from, to] = periods[0];
    expect(await app.get(DayCountsRepository).sum(las, from, to, { ...rule, capDays: rule.capDays + 7 })).toBeNull();
    const report = await app.get(ReportsService).annualReviews({ from, to });
    const one = await app.get(ReportsService).annualReviews({ las: [las[0]], from, to });
    await db.query(`DELETE FROM day_counts_refreshes WHERE la_code = $1`, [las[0]]);
    expect(await app.get(DayCountsRepository).sum(las, from, to, rule)).toBeNull();
    expect(await app.get(DayCountsRepository).sum([las[0]], from, to, rule)).toBeNull();
    // Counted from the milestones, to the same figures.
    expect(await app.get(ReportsService).annualReviews({ from, to })).toEqual(report);
    expect(await app.get(ReportsService).annualReviews({ las: [las[0]], from, to })).toEqual(one);
    await app.get(RecomputeService).refreshOpenCounts(las[0], today);
    expect(await app.get(DayCountsRepository).sum(las, from, to, rule)).not.toBeNull();
  });

  it('writes back, on a refresh, only what differs: a day lost, a day changed, a day that should not be there', async () => {
    const la = las[1];
    const [from, to] = periods[1];
    const before = await app.get(DayCountsRepository).sum(las, from, to, rule);
    const [day] = await db.query(
      `SELECT on_date::text AS d FROM review_counts WHERE la_code = $1 AND meetings_all > 0 ORDER BY on_date DESC LIMIT 1`,
      [la],
    );
    await db.query(
      `DELETE FROM review_counts WHERE la_code = $1 AND on_date = (SELECT min(on_date) FROM review_counts WHERE la_code = $1)`,
      [la],
    );
    await db.query(`UPDATE review_counts SET meetings_all = meetings_all + 5 WHERE la_code = $1 AND on_date = $2`, [la, day.d]);
    await db.query(
      `INSERT INTO review_counts SELECT la_code, $2::date, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0
       FROM review_counts WHERE la_code = $1 LIMIT 1`,
      [la, addDays(today, -1000 - 400)],
    );
    expect(await app.get(DayCountsRepository).sum(las, from, to, rule)).not.toEqual(before);
    await app.get(RecomputeService).refreshOpenCounts(la, today);
    expect(await app.get(DayCountsRepository).sum(las, from, to, rule)).toEqual(before);
    expect(await app.get(DayCountsRepository).sum(las, addDays(today, -2000), today, rule)).toEqual(
      await app.get(ReportsRepository, { strict: false }).reviewCounts(las, addDays(today, -2000), today, rule.capDays, rule.capRuleKnown),
    );
  });
});

describe('day counts by need', () => {
  const rowsOf = (la: string) => db.query(`SELECT r::text AS line FROM review_counts r WHERE la_code = $1 ORDER BY on_date, need`, [la]);

  it("move a case's counted days to its new need when only its need changes, as a full re-count would", async () => {
    const la = las[2];
    // An annual review with a meeting held: its steps count on their days, under its case's need.
    const [c] = await db.query(
      `SELECT ce.case_ref, coalesce(ce.need_code, 'unknown') AS need FROM case_evaluations ce
       WHERE ce.la_code = $1 AND ce.pathway = 'annual_review' AND EXISTS (
         SELECT 1 FROM case_milestones m WHERE m.la_code = ce.la_code AND m.case_ref = ce.case_ref
           AND m.kind = 'review_meeting' AND m.done_on IS NOT NULL)
       ORDER BY ce.case_ref LIMIT 1`,
      [la],
    );
    const newNeed = c.need === 'SLCN' ? 'ASD' : 'SLCN';
    const [loaded] = await app.get(EventReader).loadCases(la, [c.case_ref]);
    const plan = loaded.events.find((e) => e.type === 'plan_active')!;
    // The plan stated again with another need, nothing else: the case's steps stay as they are.
    await app.get(IngestService).ingestTrusted([{ ...plan, eventId: `${plan.eventId}-need`, needCode: newNeed } as CaseEvent], 'api');
    const steps = `SELECT m::text FROM case_milestones m WHERE la_code = $1 AND case_ref = $2 ORDER BY milestone_key`;
    const stepsBefore = await db.query(steps, [la, c.case_ref]);
    const before = await rowsOf(la);
    await app.get(RecomputeService).recomputeCases(la, [c.case_ref], today);
    const [after] = await db.query(`SELECT need_code FROM case_evaluations WHERE la_code = $1 AND case_ref = $2`, [la, c.case_ref]);
    expect(after.need_code).toBe(newNeed);
    expect(await db.query(steps, [la, c.case_ref])).toEqual(stepsBefore);
    const kept = await rowsOf(la);
    expect(kept).not.toEqual(before);
    await db.query(`DELETE FROM day_counts_refreshes WHERE la_code = $1`, [la]);
    await app.get(RecomputeService).refreshOpenCounts(la, today); // every day re-counted
    expect(await rowsOf(la)).toEqual(kept);
  });
});

/** The first day of the month `n` months from today's. */
const monthStart = (n: number) => addMonths(`${today.slice(0, 7)}-01`, n);

/** Each LA's stored months as its stored days add up by month (every need together). */
async function expectMonthsOfDays(): Promise<void> {
  const columns = STAGE_COLUMNS.join(', ');
  const months = await db.query(`SELECT la_code, month::text, ${columns} FROM stage_months ORDER BY la_code, month`);
  const days = await db.query(
    `SELECT la_code, date_trunc('month', on_date)::date::text AS month, ${STAGE_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
     FROM stage_counts GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  expect(months).toEqual(days);
  expect(months.length).toBeGreaterThan(12);
}

describe('stage timeliness for one LA or several from stored per-LA days', () => {
  it('keeps each month of days added up, after the pass and after a recompute of some days', async () => {
    await expectMonthsOfDays();
    // A refresh of some days (as after a recompute) adds up again the months holding them, and only those.
    const la = las[0];
    const [step] = await db.query(
      `SELECT case_ref, done_on::text FROM case_milestones WHERE la_code = $1 AND kind = 'decision_to_assess' AND done_on IS NOT NULL
       ORDER BY done_on DESC LIMIT 1`,
      [la],
    );
    await db.query(`UPDATE stage_months SET decisions_all = decisions_all + 7 WHERE la_code = $1`, [la]); // wrong, to be mended
    const days = [step.done_on, addDays(step.done_on, -40)];
    await app.get(DayCountsRepository).refresh(db, la, days);
    // The months of those days are right again; the others keep the +7 until a full refresh.
    const rows: { month: string; wrong: boolean }[] = await db.query(
      `SELECT month::text, decisions_all <> (SELECT coalesce(sum(decisions_all), 0) FROM stage_counts s
         WHERE s.la_code = t.la_code AND date_trunc('month', s.on_date) = t.month) AS wrong
       FROM stage_months t WHERE la_code = $1 ORDER BY month`,
      [la],
    );
    const touched = new Set(days.map((d) => `${d.slice(0, 7)}-01`));
    expect(rows.some((r) => touched.has(r.month))).toBe(true);
    expect(rows.map((r) => [r.month, r.wrong])).toEqual(rows.map((r) => [r.month, !touched.has(r.month)]));
    await app.get(DayCountsRepository).refresh(db, la, null);
    await expectMonthsOfDays();
  });

  it('adds up, over any period, to the count over every decision and piece of advice, and the reports use it', async () => {
    const repo = app.get(ReportsRepository, { strict: false });
    const byService = (rows: { service: string }[]) => [...rows].sort((a, b) => a.service.localeCompare(b.service));
    for (const [from, to] of [
      [addDays(today, -364), today],
      [addDays(today, -1095), today],
      [addDays(today, -120), addDays(today, -90)],
      // Whole months only, a month and a day on each side, one month's middle (months kept apart, stage_months).
      [monthStart(-12), addDays(monthStart(-1), -1)],
      [addDays(monthStart(-3), -1), monthStart(-1)],
      [addDays(monthStart(-2), 3), addDays(monthStart(-2), 20)],
    ]) {
      for (const asked of [las, ...las.map((la) => [la])]) {
        const stored = (await app.get(DayCountsRepository).stageSum(asked, from, to))!;
        expect(stored.decisions).toEqual(await repo.decisionCounts(asked, from, to));
        expect(byService(stored.advice)).toEqual(byService(await repo.adviceCounts(asked, from, to)));
      }
    }
    const [from, to] = [addDays(today, -364), today];
    const year = (await app.get(DayCountsRepository).stageSum(las, from, to))!;
    expect(year.decisions.all).toBeGreaterThan(20); // the seed has steps to count
    expect(year.advice.length).toBeGreaterThan(2);
    const report = await app.get(ReportsService).stageTimeliness({ from, to });
    const one = await app.get(ReportsService).stageTimeliness({ las: [las[2]], from, to });
    await db.query(`DELETE FROM day_counts_refreshes WHERE la_code = $1`, [las[2]]);
    expect(await app.get(DayCountsRepository).stageSum(las, from, to)).toBeNull();
    expect(await app.get(DayCountsRepository).stageSum([las[2]], from, to)).toBeNull();
    // Counted from the milestones, to the same figures.
    expect(await app.get(ReportsService).stageTimeliness({ from, to })).toEqual(report);
    expect(await app.get(ReportsService).stageTimeliness({ las: [las[2]], from, to })).toEqual(one);
    await app.get(RecomputeService).refreshOpenCounts(las[2], today);
  });
});

describe('open assessments as of a past date, counted from events once per LA', () => {
  it('counts each LA from its events, keeps the counts and answers from them again', async () => {
    expect(await pastRows()).toEqual([]);
    const first = await app.get(ReportsService).openAssessments({ asOf: past });
    const { open, overdue, finalPlanOverdue, dueSoon, withException, ageBands } = await fromEvents(past);
    expect(first).toMatchObject({ open, overdue, finalPlanOverdue, dueSoon, withException, ageBands });
    expect(open).toBeGreaterThan(20);
    const kept = await pastRows();
    // A row for every LA the national report names (those without cases count nothing).
    expect(kept.length).toBe(Number((await db.query(`SELECT count(*) AS n FROM local_authorities`))[0].n));
    expect(las.every((l) => kept.some((r) => r.la_code === l))).toBe(true);
    expect(await app.get(ReportsService).openAssessments({ asOf: past })).toEqual(first);
    expect(await pastRows()).toEqual(kept); // read back, not counted again
    // One LA alone reads its own kept row.
    const one = await app.get(ReportsService).openAssessments({ las: [las[1]], asOf: past });
    expect(await pastRows()).toEqual(kept);
    expect(one.open).toBeLessThan(first.open);
  });

  it('keeps the count of one LA asked for alone, which the next ask of it, alone or among all, reads back', async () => {
    const asOf = addDays(today, -120);
    const la = las[2];
    expect(await pastRows(asOf)).toEqual([]);
    const alone = await app.get(ReportsService).openAssessments({ las: [la], asOf });
    const { open, overdue, finalPlanOverdue, dueSoon, withException, ageBands } = await fromEvents(asOf, [la]);
    expect(alone).toMatchObject({ open, overdue, finalPlanOverdue, dueSoon, withException, ageBands });
    expect(open).toBeGreaterThan(5);
    const kept = await pastRows(asOf);
    expect(kept.map((r) => r.la_code)).toEqual([la]);
    expect(await app.get(ReportsService).openAssessments({ las: [la], asOf })).toEqual(alone);
    expect(await pastRows(asOf)).toEqual(kept); // read back, not counted again
    // All LAs: the others counted and kept, this one's row read as it was.
    await app.get(ReportsService).openAssessments({ asOf });
    const all = await pastRows(asOf);
    expect(all.find((r) => r.la_code === la)).toEqual(kept[0]);
    expect(all.length).toBeGreaterThan(1);
  });

  it('counts an LA again once an event dated by then arrives for it, and only that LA', async () => {
    const kept = await pastRows();
    const first = await app.get(ReportsService).openAssessments({ asOf: past });
    const [la, other] = [las[0], las[2]];
    const request = (l: string, i: number, date: string) =>
      ({
        la: l,
        caseRef: `NRC-${l}-${i}`,
        childRef: `C-NRC-${l}-${i}`,
        pathway: 'ehc_assessment',
        eventId: `NRC-${l}-${i}-1`,
        type: 'request_received',
        date,
      }) as CaseEvent;
    // Three requests dated before the past date in one LA; one dated after it in another.
    const late = [0, 1, 2].map((i) => request(la, i, addDays(past, -30)));
    const later = request(other, 9, addDays(past, 30));
    await app.get(IngestService).ingest([...late, later], 'api');
    await app.get(RecomputeService).recomputeCases(
      la,
      late.map((e) => e.caseRef),
      today,
    );
    await app.get(RecomputeService).recomputeCases(other, [later.caseRef], today);

    const after = await app.get(ReportsService).openAssessments({ asOf: past });
    expect(after.open).toBe(first.open + 3);
    const { open, overdue, dueSoon, ageBands } = await fromEvents(past);
    expect(after).toMatchObject({ open, overdue, dueSoon, ageBands });
    const now = await pastRows();
    const at = (rows: typeof kept, l: string) => rows.find((r) => r.la_code === l)!.refreshed_at.getTime();
    expect(at(now, la)).toBeGreaterThan(at(kept, la)); // counted again
    expect(at(now, other)).toBe(at(kept, other)); // an event after the date changes nothing then
    expect(now.filter((r) => r.la_code !== la).map((r) => at(now, r.la_code))).toEqual(
      kept.filter((r) => r.la_code !== la).map((r) => at(kept, r.la_code)),
    );
  });
});

describe('open assessments as of a past date, counted from the events a timeline as of then reads', () => {
  it('leaves out a plan issued by then and retracted after it (every retraction is read, whenever it came)', async () => {
    const la = las[1];
    const base = { la, caseRef: `NRC-RETRACT-${la}`, childRef: `C-NRC-RETRACT-${la}`, pathway: 'ehc_assessment' } as const;
    const request = { ...base, eventId: `NRC-RETRACT-${la}-1`, type: 'request_received', date: addDays(past, -100) } as CaseEvent;
    const plan = { ...base, eventId: `NRC-RETRACT-${la}-2`, type: 'final_plan_issued', date: addDays(past, -10) } as CaseEvent;
    const ingest = async (events: CaseEvent[]) => {
      await app.get(IngestService).ingest(events, 'api');
      await app.get(RecomputeService).recomputeCases(la, [base.caseRef], today);
    };
    await ingest([request, plan]);
    const closed = await app.get(ReportsService).openAssessments({ asOf: past });
    const retract = { ...base, eventId: `NRC-RETRACT-${la}-3`, type: 'retract', date: addDays(past, 20), retractsEventId: plan.eventId };
    await ingest([retract as CaseEvent]);
    const open = await app.get(ReportsService).openAssessments({ asOf: past });
    expect(open.open).toBe(closed.open + 1);
    const { open: expected, overdue, dueSoon, ageBands } = await fromEvents(past);
    expect(open).toMatchObject({ open: expected, overdue, dueSoon, ageBands });
  });
});

describe("open assessments as of the last pass, asked for the day after (before that night's pass)", () => {
  it("adds up the LAs' rows counted from the milestones by their last refresh, as the count over every milestone", async () => {
    const clock = app.get(Clock);
    const tomorrow = addDays(today, 1);
    jest.spyOn(clock, 'todayInLondon').mockReturnValue(tomorrow); // the pass as of today is the last one
    try {
      const counted = await app.get(ReportsRepository, { strict: false }).openCounts(las, today, 14);
      expect(counted.evaluated_later).toBe(0);
      const rows = () => db.query(`SELECT la_code, refreshed_at FROM open_assessment_counts WHERE as_of = $1 ORDER BY la_code`, [today]);
      const before = await rows();
      expect(before.length).toBeGreaterThanOrEqual(las.length);
      const report = await app.get(ReportsService).openAssessments({ asOf: today });
      expect(report).toMatchObject({ open: counted.open, overdue: counted.overdue, dueSoon: counted.due_soon });
      // Nothing was counted from events for that date: the stored rows answered, as they were.
      expect(await rows()).toEqual(before);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe('waiting lists for one LA or several from stored per-LA rows', () => {
  it('add up to the count over every referral, longest waiters included, and the national report uses them', async () => {
    const { waits } = app.get<RulesTable>(RULES_TABLE);
    const repo = app.get(ReportsRepository, { strict: false });
    const stored = app.get(WaitingListCountsRepository);
    const live = (pathway: string, longest: number, codes = las) =>
      repo.waitCounts(codes, pathway, today, seenFromOf(today), waits.dnaRestartsClock, longest, waits.qs51Months);
    for (const pathway of ['slt', 'neurodevelopmental']) {
      for (const longest of [20, 500]) {
        expect({ pathway, longest, counts: await stored.sum(las, pathway, today, longest) }).toEqual({
          pathway,
          longest,
          counts: await live(pathway, longest),
        });
      }
      for (const la of las) {
        // Each LA keeps its own longest waiters in the report's order, the longest first.
        const [row] = await db.query(`SELECT longest FROM waiting_list_counts WHERE la_code = $1 AND as_of = $2 AND pathway = $3`, [
          la,
          today,
          pathway,
        ]);
        const own = await live(pathway, 500, [la]);
        expect({ la, longest: row.longest }).toEqual({ la, longest: own.longest });
        // The LA alone, as its own report reads it.
        expect({ la, counts: await stored.sum([la], pathway, today, 20) }).toEqual({ la, counts: await live(pathway, 20, [la]) });
      }
      const year = (await stored.sum(las, pathway, today, 500))!;
      expect(Object.keys(year.waiting_days).length).toBeGreaterThan(20); // the seed has waits to count
      expect(new Set(year.longest.map((l) => l.la)).size).toBeGreaterThan(1); // merged across LAs
    }
    const report = await app.get(ReportsService).waitingList({ pathway: 'neurodevelopmental' });
    expect(report.waiting).toBeGreaterThan(0);
    const alone = await app.get(ReportsService).waitingList({ las: [las[1]], pathway: 'neurodevelopmental' });
    await db.query(`DELETE FROM waiting_list_counts WHERE la_code = $1`, [las[1]]);
    expect(await stored.sum(las, 'neurodevelopmental', today, 20)).toBeNull();
    expect(await app.get(ReportsService).waitingList({ pathway: 'neurodevelopmental' })).toEqual(report); // counted from the evaluations
    expect(await app.get(ReportsService).waitingList({ las: [las[1]], pathway: 'neurodevelopmental' })).toEqual(alone);
    await app.get(WaitingListCountsRepository).refresh(las[1], today);
    expect(await stored.sum(las, 'neurodevelopmental', today, 20)).not.toBeNull();
  });
});

describe('the stored days after later nightly passes by change', () => {
  // Last in this file: it moves the area's evaluations into the coming year.
  it('still add up to the count over every step, each phase transfer gone overdue counted as such', async () => {
    const rules = app.get<RulesTable>(RULES_TABLE);
    const rule = {
      capDays: 7 * rules.annualReview.amendedPlanMeetingCapWeeks,
      capRuleKnown: rules.annualReview.amendedPlanNoticeWeeks !== rules.annualReview.amendedPlanMeetingCapWeeks,
    };
    const repo = app.get(ReportsRepository, { strict: false });
    const days = app.get(DayCountsRepository);
    const overdueTransfers: number[] = [];
    // A year of nights: every phase transfer deadline is crossed, steps fall due and overdue.
    for (const night of [1, 120, 240, 365].map((d) => addDays(today, d))) {
      const pass = await app.get(RecomputeService).recomputeAll(night);
      expect({ night, byChange: pass.lasByChange, written: pass.cases > 0 }).toEqual({ night, byChange: las.length, written: true });
      const [from, to] = [addDays(night, -1460), addDays(night, 400)];
      const reviews = await days.sum(las, from, to, rule);
      expect({ night, reviews }).toEqual({ night, reviews: await repo.reviewCounts(las, from, to, rule.capDays, rule.capRuleKnown) });
      const stages = (await days.stageSum(las, from, to))!;
      expect({ night, decisions: stages.decisions }).toEqual({ night, decisions: await repo.decisionCounts(las, from, to) });
      overdueTransfers.push(reviews!.transfers.overdue ?? 0);
    }
    expect(overdueTransfers[overdueTransfers.length - 1]).toBeGreaterThan(overdueTransfers[0]);
  });
});

describe('open assessments as of a date a nightly pass ran, kept from that night', () => {
  // After the nights above (into the coming year): each of their dates keeps its last count.
  it('answers from the kept count as a count from events would, until an event dated by then arrives for the LA', async () => {
    const nights = [1, 120, 240].map((d) => addDays(today, d));
    const rows = async (asOf: string): Promise<Map<string, number>> =>
      new Map(
        (
          await db.query(
            `SELECT la_code, refreshed_at FROM open_assessment_counts WHERE as_of = $1 AND events_seen_at IS NOT NULL ORDER BY la_code`,
            [asOf],
          )
        ).map((r: { la_code: string; refreshed_at: Date }) => [r.la_code, r.refreshed_at.getTime()]),
      );
    /** A new assessment's request in `la`, dated `date`, recorded now and evaluated as of `asOf`. */
    const requestRecorded = async (la: string, tag: string, date: string, asOf: string): Promise<CaseEvent> => {
      const caseRef = `NRC-${tag}-${la}`;
      const request = {
        la,
        caseRef,
        childRef: `C-${caseRef}`,
        pathway: 'ehc_assessment',
        eventId: `${caseRef}-1`,
        type: 'request_received',
        date,
      };
      await app.get(IngestService).ingest([request as CaseEvent], 'api');
      await app.get(RecomputeService).recomputeCases(la, [caseRef], asOf);
      return request as CaseEvent;
    };
    const clock = app.get(Clock);
    jest.spyOn(clock, 'todayInLondon').mockReturnValue(addDays(today, 366));
    try {
      const kept = new Map(await Promise.all(nights.map(async (d) => [d, await rows(d)] as const)));
      for (const d of nights) {
        expect({ d, las: [...kept.get(d)!.keys()].filter((l) => las.includes(l)).sort() }).toEqual({ d, las: [...las].sort() });
        const report = await app.get(ReportsService).openAssessments({ asOf: d });
        const { open, overdue, finalPlanOverdue, dueSoon, withException, ageBands } = await fromEvents(d);
        expect({ d, report }).toMatchObject({ d, report: { open, overdue, finalPlanOverdue, dueSoon, withException, ageBands } });
        expect(open).toBeGreaterThan(10);
        expect({ d, rows: await rows(d) }).toEqual({ d, rows: kept.get(d) }); // read back, none counted again
      }
      // A request recorded on its day in one LA, after every night: their counts still stand, and
      // that LA's are marked seen from the next check, which reads only what comes after.
      const seenFrom = async (l: string): Promise<number[]> =>
        (
          await db.query(
            `SELECT as_of::text, events_seen_at FROM open_assessment_counts WHERE la_code = $1 AND as_of = ANY($2) ORDER BY 1`,
            [l, nights],
          )
        ).map((r: { as_of: string; events_seen_at: Date }) => r.events_seen_at.getTime());
      const [onTime, still] = [las[1], las[2]];
      const [before, stillBefore] = [await seenFrom(onTime), await seenFrom(still)];
      await requestRecorded(onTime, 'ONTIME', addDays(today, 300), addDays(today, 365));
      for (const d of nights) {
        const { open } = await fromEvents(d);
        expect({ d, open: (await app.get(ReportsService).openAssessments({ asOf: d })).open }).toEqual({ d, open });
        expect({ d, rows: await rows(d) }).toEqual({ d, rows: kept.get(d) }); // still standing, none counted again
      }
      const after = await seenFrom(onTime);
      expect(after.every((t, i) => t > before[i])).toBe(true);
      expect(await seenFrom(still)).toEqual(stillBefore); // nothing came for it since
      // A request recorded late in one LA, dated between the first night and the second.
      const la = las[0];
      const late = await requestRecorded(la, 'LATE', addDays(today, 100), addDays(today, 365));
      for (const d of nights) {
        const report = await app.get(ReportsService).openAssessments({ asOf: d });
        const { open, overdue, dueSoon, ageBands } = await fromEvents(d);
        expect({ d, report }).toMatchObject({ d, report: { open, overdue, dueSoon, ageBands } });
        const now = await rows(d);
        for (const l of las) {
          // Only the LA's dates on or after the late event's are counted again.
          const again = l === la && d >= late.date;
          expect({ d, l, again: now.get(l) !== kept.get(d)!.get(l) }).toEqual({ d, l, again });
        }
      }
      // A recompute on a date before the LA's pass as of it (after midnight, before the night): its
      // count from the milestones cannot see what changes with the date alone, so is not kept; the
      // pass's own refresh that night is.
      const ahead = addDays(today, 366); // the clock's today
      await requestRecorded(la, 'EARLY', ahead, ahead);
      expect((await rows(ahead)).has(la)).toBe(false);
      expect((await db.query(`SELECT 1 FROM open_assessment_counts WHERE la_code = $1 AND as_of = $2`, [la, ahead])).length).toBe(1);
      await app.get(RecomputeService).recomputeAll(ahead);
      expect((await rows(ahead)).has(la)).toBe(true);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe("a full pass's chunks, read ahead with their events as text (EventReader.caseChunks, eventTexts, withEvents)", () => {
  it('hands over the cases and timelines loadCases reads, chunk by chunk, in key order', async () => {
    const la = las[0];
    const reader = app.get(EventReader);
    const all: string[] = (await db.query(`SELECT case_ref FROM cases WHERE la_code = $1 ORDER BY case_ref`, [la])).map(
      (r: { case_ref: string }) => r.case_ref,
    );
    // The same cases read by another statement (one probe a case, parsed by pg), seven at a time.
    const streamed: Awaited<ReturnType<EventReader['loadCases']>>[] = [];
    for (let i = 0; i < all.length; i += 7) streamed.push(await reader.loadCases(la, all.slice(i, i + 7)));
    const read: typeof streamed = [];
    for await (const cases of reader.caseChunks(7, ['', ''], la)) {
      const texts = await reader.eventTexts(cases);
      // Text until handed over: nothing of a chunk read ahead is parsed yet.
      expect([...texts.values()].every((t) => typeof t === 'string')).toBe(true);
      read.push(cases.map((c) => reader.withEvents(c, texts.get(c.caseRef))));
    }
    expect(streamed.length).toBeGreaterThan(1);
    // A case's events in the order of their ids: the two statements need not aggregate them alike (libs/rules orders them).
    const byId = (chunks: typeof streamed) =>
      chunks.map((cs) => cs.map((c) => ({ ...c, events: [...c.events].sort((a, b) => (a.eventId < b.eventId ? -1 : 1)) })));
    expect(byId(read)).toEqual(byId(streamed));
    expect(read.flat().map((c) => c.caseRef)).toEqual(all);
  });
});

describe('cases as of a past date read a row at a time (EventReader.eachCaseAsOf)', () => {
  it('hands over each case with the timeline loadCases reads as of that date', async () => {
    const la = las[0];
    const refs: string[] = (
      await db.query(`SELECT case_ref FROM cases WHERE la_code = $1 AND pathway = 'ehc_assessment' ORDER BY case_ref`, [la])
    ).map((r: { case_ref: string }) => r.case_ref);
    const reader = app.get(EventReader);
    const each: Awaited<ReturnType<EventReader['loadCases']>> = [];
    await reader.eachCaseAsOf(la, refs, past, (c) => each.push(c));
    each.sort((a, b) => (a.caseRef < b.caseRef ? -1 : 1));
    const loaded = await reader.loadCases(la, refs, past);
    expect(each.length).toBe(refs.length);
    expect(each).toEqual(loaded);
    // Only events dated by then (and retractions): fewer than the cases' whole timelines.
    const whole = (await reader.loadCases(la, refs)).reduce((n, c) => n + c.events.length, 0);
    expect(each.reduce((n, c) => n + c.events.length, 0)).toBeLessThan(whole);
  });

  it("throws what the caller's function threw once the statement ends, and gives its connection back each time", async () => {
    const la = las[1];
    const refs: string[] = (await db.query(`SELECT case_ref FROM cases WHERE la_code = $1 LIMIT 50`, [la])).map(
      (r: { case_ref: string }) => r.case_ref,
    );
    let seen = 0;
    // More rounds than the pool has connections: a connection kept by a failed read would run it dry.
    for (let round = 0; round < 25; round++) {
      await expect(
        app.get(EventReader).eachCaseAsOf(la, refs, past, () => {
          seen++;
          throw new Error('counting failed');
        }),
      ).rejects.toThrow('counting failed');
    }
    expect(seen).toBe(25); // one case a round: the rest of each statement's rows were let go
    expect((await db.query(`SELECT count(*)::int AS n FROM cases WHERE la_code = $1`, [la]))[0].n).toBeGreaterThan(0);
  });
});
