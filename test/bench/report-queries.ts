// The report and page queries a national deployment answers, each timed over LAs in turn (or for
// England): shared by bench:reports and bench:national. Each result goes to `onResult`; national
// queries are those labelled "England". Each runs as the API runs it: inside a principal's scope,
// so under row-level security as the application role (a leader of the LA asked for; an
// administrator, every LA, for England), with the scope's setup and reset on its connections.
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, runAsPrincipal } from '@app/access';
import { OpenCountsRepository, ReportsService, TREND_MEASURES } from '@app/compliance';
import { EventReader } from '@app/database';
import { addDays, type WaitPathway } from '@app/rules';
import { readCaseworkerLists } from '../../apps/ingest-api/src/pages/caseworker-lists';
import { PagesRepository, type WorkFilter } from '../../apps/ingest-api/src/pages/pages.repository';

export interface QueryTiming {
  label: string;
  scope: 'la' | 'national';
  p50: number;
  p95: number;
  runs: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * The LA each run of a per-LA query asks for: the LAs from the largest caseload to the smallest,
 * taken evenly over `runs` (the largest first, run -1, the warm-up, the smallest), so a p95 speaks
 * for the large LAs too. Taking them in code order timed only the first `runs` codes (London and the
 * metropolitan districts): the largest county's EHC forecast, 380 ms, was never asked for.
 */
export async function lasBySize(db: DataSource, runs: number): Promise<(i: number) => string> {
  const las: string[] = (await db.query(`SELECT la_code FROM cases GROUP BY la_code ORDER BY count(*) DESC, la_code`)).map(
    (r: { la_code: string }) => r.la_code,
  );
  return (i) => (i < 0 ? las[las.length - 1] : las[Math.floor((i * las.length) / Math.max(runs, 1)) % las.length]);
}

/** Issue 16's goals for a query's p95: one LA, England. */
export const GOAL_MS = { la: 50, national: 200 } as const;

/** Prints one timing beside its goal (issue 16), flagged when over it. */
export function printTiming(t: QueryTiming): void {
  const goal = GOAL_MS[t.scope];
  const flag = t.p95 < goal ? '' : `  over ${goal} ms`;
  const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
  console.log(`${t.label.padEnd(58)} p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  (${t.runs} runs)${flag}`);
}

export async function measureReportQueries(
  app: INestApplicationContext,
  options: {
    asOf: string;
    runs: number;
    /** A date before `asOf` on which the bench ran a nightly pass (its open assessment counts kept). */
    nightBefore?: string;
    onResult?: (t: QueryTiming) => void;
  },
): Promise<QueryTiming[]> {
  const { asOf: AS_OF, runs: RUNS, nightBefore } = options;
  const YEAR = { from: addDays(AS_OF, -364), to: AS_OF };
  const results: QueryTiming[] = [];
  const time = async (label: string, runs: number, query: (i: number) => Promise<unknown>): Promise<void> => {
    const scope = /England/.test(label) ? 'national' : 'la';
    const asPrincipal = (i: number) => runAsPrincipal(principalFor(scope, i), () => query(i));
    await asPrincipal(-1); // warm the plan cache and the buffers once
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      await asPrincipal(i);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    ms.sort((a, b) => a - b);
    const r: QueryTiming = { label, scope, p50: pct(ms, 50), p95: pct(ms, 95), runs };
    results.push(r);
    (options.onResult ?? printTiming)(r);
  };

  const reports = app.get(ReportsService);
  const db = app.get(DataSource);
  // The caseworker page's own query, as the page runs it.
  const pages = new PagesRepository(db, app.get(EventReader));
  const las: string[] = (await db.query(`SELECT DISTINCT la_code FROM cases ORDER BY 1`)).map((r: { la_code: string }) => r.la_code);
  const laOfRun = await lasBySize(db, RUNS);
  const [{ cases }] = await db.query(`SELECT count(*)::int AS cases FROM case_evaluations`);
  const [{ milestones }] = await db.query(`SELECT count(*)::int AS milestones FROM case_milestones`);
  // Per LA: the busiest caseworker's and team's lists (the page's worst case).
  const staff: { la_code: string; assignee_ref: string; team: string }[] = await db.query(
    `SELECT DISTINCT ON (la_code) la_code, assignee_ref, team FROM case_evaluations WHERE status = 'open' AND assignee_ref IS NOT NULL
     GROUP BY la_code, assignee_ref, team ORDER BY la_code, count(*) DESC`,
  );
  const byLa = new Map(staff.map((s) => [s.la_code, s]));
  // Per LA: a case with an overdue step, its reference the words a filter looks for.
  const overdueCase: Map<string, string> = new Map(
    (
      await db.query(`SELECT DISTINCT ON (la_code) la_code, case_ref FROM case_milestones
        WHERE done_on IS NULL AND state = 'overdue' ORDER BY la_code, due_on DESC`)
    ).map((r: { la_code: string; case_ref: string }) => [r.la_code, r.case_ref]),
  );
  console.log(
    `== ${n(cases)} cases, ${n(milestones)} milestones over ${las.length} LAs; as of ${AS_OF}; ` +
      'one LA per run, from the largest caseload to the smallest',
  );
  const la = (i: number) => [laOfRun(i)];
  const principalFor = (scope: QueryTiming['scope'], i: number): Principal =>
    scope === 'national'
      ? { kind: 'user', id: '0', label: 'bench', role: 'admin', las: '*' }
      : { kind: 'user', id: '0', label: 'bench', role: 'leader', las: la(i) };
  const past = addDays(AS_OF, -200);
  const soon = addDays(AS_OF, 14);

  await time('ehcTimeliness 1 LA, 12 months, total', RUNS, (i) => reports.ehcTimeliness({ las: la(i), ...YEAR }));
  await time('ehcTimeliness 1 LA, 12 months, by month', RUNS, (i) => reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'month' }));
  await time('ehcTimeliness 1 LA, 12 months, by need', RUNS, (i) => reports.ehcTimeliness({ las: la(i), ...YEAR, by: 'need' }));
  await time('ehcTimeliness 1 LA, 3 years, by month', RUNS, (i) =>
    reports.ehcTimeliness({ las: la(i), from: addDays(AS_OF, -1095), to: AS_OF, by: 'month' }),
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
  // A past date is counted from each LA's events the first time it is asked for, then kept (until an
  // event dated by then arrives): forgotten first, so each run of the first line below asks for a new
  // LA's first count.
  await app.get(OpenCountsRepository).forget(las, past);
  await time('openAssessments 1 LA, 200 days ago', RUNS, (i) => reports.openAssessments({ las: la(i), asOf: past }));
  // The same LAs again: each count above was kept (until an event dated by then arrives).
  await time('openAssessments 1 LA, 200 days ago, asked again', RUNS, (i) => reports.openAssessments({ las: la(i), asOf: past }));
  // A date a nightly pass ran: each LA keeps that night's last count, as a count from events of it
  // would find, until an event dated by then arrives.
  if (nightBefore) {
    await time(
      `openAssessments 1 LA, ${nightBefore === addDays(AS_OF, -1) ? 'yesterday' : nightBefore} (a night's count kept)`,
      RUNS,
      (i) => reports.openAssessments({ las: la(i), asOf: nightBefore }),
    );
  }
  await time('openAssessments England, today', Math.ceil(RUNS / 4), () => reports.openAssessments({ asOf: AS_OF }));
  // Before the stored evaluations' date: the assessments open then are evaluated from their events,
  // LA by LA, the first time (timed once here, not a p95), then read back from the kept counts.
  const first = process.hrtime.bigint();
  await reports.openAssessments({ asOf: past });
  console.log(
    `openAssessments England, 200 days ago, first ask: ${(Number(process.hrtime.bigint() - first) / 1e6).toFixed(0)} ms ` +
      '(each LA not asked for above counted from its events and kept: once per date, and per LA after an event dated by then)',
  );
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

  console.log('== pages');
  // What the caseworker page reads of its lists: each list's count, and each list's first page of
  // 50 sorted by the database (a filter or a CSV reads every step; timed once below for everyone).
  const lists = (filter: Omit<WorkFilter, 'today' | 'soonUntil'>, everyRow = false, q?: string) =>
    readCaseworkerLists(pages, { ...filter, today: AS_OF, soonUntil: soon }, { q }, everyRow);
  await time('caseworker: one caseworker overdue/due 14 days/exempt', RUNS, (i) =>
    lists({ la: la(i)[0], assignee: byLa.get(la(i)[0])?.assignee_ref }),
  );
  await time('caseworker: one team overdue/due 14 days/exempt', RUNS, (i) => lists({ la: la(i)[0], team: byLa.get(la(i)[0])?.team }));
  // A leader's "All teams": every listed step of the LA counted, a page of each list read.
  await time('caseworker: everyone overdue/due 14 days/exempt', RUNS, (i) => lists({ la: la(i)[0] }));
  // Filtered by words: the steps that may hold them read, in every list (a CSV reads every step).
  await time('caseworker: everyone, filtered by a case reference', RUNS, (i) => lists({ la: la(i)[0] }, false, overdueCase.get(la(i)[0])));
  await time("caseworker: everyone, filtered by a step's words ('speech')", RUNS, (i) => lists({ la: la(i)[0] }, false, 'speech'));
  await time('caseworker: everyone, CSV (every step read)', RUNS, (i) => lists({ la: la(i)[0] }, true));
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
  return results;
}
