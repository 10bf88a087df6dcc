// The reports API against the rules library: the same synthetic cases are ingested (real API,
// real PostgreSQL), stored by the recompute pass, reported by set-based SQL, and evaluated in
// memory by libs/rules accumulators. Every figure must agree. This file has its own scratch
// database, so other specs' cases never fall into its LAs.
import { RULES_TABLE } from '@app/config';
import { RecomputeService, ReportsService, trailingYear } from '@app/compliance';
import {
  AdviceTimelinessAccumulator,
  AnnualReviewAccumulator,
  DecisionTimelinessAccumulator,
  EhcTimelinessAccumulator,
  evaluateCase,
  measure,
  measureBy,
  OpenAssessmentsAccumulator,
  WaitingListAccumulator,
  type CaseEvent,
  type CaseEvaluation,
  type RulesTable,
} from '@app/rules';
import { syntheticCases } from '@app/rules/testing';
import { startApi, type TestApi } from './support/api-app';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const LAS = ['873', '874', '876'];
const AS_OF = '2026-06-01';
const CASES = 3000;

let api: TestApi;
let reports: ReportsService;
let rules: RulesTable;
let scratch: ScratchDatabase | undefined;
const timelines: CaseEvent[][] = [];

async function dropScratch(): Promise<void> {
  await scratch?.drop();
}

const evaluateAll = (asOf: string): CaseEvaluation[] =>
  timelines.map((events) =>
    evaluateCase(events, asOf, rules, { la: events[0].la, caseRef: events[0].caseRef, pathway: events[0].pathway }),
  );

beforeAll(async () => {
  scratch = await createScratchDatabase('reports');
  scratch.use();
  api = await startApi();
  reports = api.app.get(ReportsService);
  rules = api.app.get(RULES_TABLE);
  for (const events of syntheticCases(CASES, { seed: 7, asOf: AS_OF, las: LAS })) timelines.push(events);
  // Whole cases per batch: a retract may arrive before the event it withdraws, never in an earlier batch.
  for (let i = 0; i < timelines.length; i += 1000)
    await api
      .http()
      .post('/v1/events')
      .send(timelines.slice(i, i + 1000).flat())
      .expect(200);
  // The recompute the worker runs nightly, as of the cases' last day.
  await api.app.get(RecomputeService, { strict: false }).recomputeAll(AS_OF);
});

afterAll(async () => {
  await api?.close();
  await dropScratch();
});

describe('reports agree with the libs/rules accumulators on the same cases', () => {
  const periods = [
    { from: '2024-01-01', to: '2024-12-31' },
    { from: '2025-04-01', to: '2026-03-31' },
    { from: '2023-01-01', to: AS_OF },
  ];

  it('EHC timeliness, in total, by LA, by month and by need', async () => {
    const evaluations = evaluateAll(AS_OF);
    for (const period of periods) {
      const { period: _p, ...expected } = measure(evaluations, new EhcTimelinessAccumulator(period, rules));
      const total = await reports.ehcTimeliness({ ...period, by: 'total' });
      expect(total.rows).toEqual([{ key: 'total', ...expected }]);
      expect(total.needCode).toBeNull();
      expect(expected.plansIssued).toBeGreaterThan(50);

      const byLa = measureBy(
        evaluations,
        (e) => e.la,
        () => new EhcTimelinessAccumulator(period, rules),
      );
      const la = await reports.ehcTimeliness({ ...period, by: 'la', las: LAS });
      expect(la.rows).toEqual(
        [...byLa]
          .filter(([, r]) => r.plansIssued > 0)
          .sort()
          .map(([key, { period: _x, ...r }]) => ({ key, ...r })),
      );

      const byNeed = measureBy(
        evaluations,
        (e) => e.needCode ?? 'unknown',
        () => new EhcTimelinessAccumulator(period, rules),
      );
      const need = await reports.ehcTimeliness({ ...period, by: 'need', las: [LAS[1]] });
      const needOne = measureBy(
        evaluations.filter((e) => e.la === LAS[1]),
        (e) => e.needCode ?? 'unknown',
        () => new EhcTimelinessAccumulator(period, rules),
      );
      expect(need.rows).toEqual(
        [...needOne]
          .filter(([, r]) => r.plansIssued > 0)
          .sort()
          .map(([key, { period: _x, ...r }]) => ({ key, ...r })),
      );
      expect(byNeed.size).toBeGreaterThan(3);
      for (const [needCode, { period: _x, ...r }] of byNeed) {
        expect((await reports.ehcTimeliness({ ...period, needCode })).rows).toEqual([{ key: 'total', ...r }]);
      }
    }
    const months = await reports.ehcTimeliness({ from: '2025-01-01', to: '2025-03-31', by: 'month' });
    for (const row of months.rows) {
      const [y, m] = row.key.split('-').map(Number);
      const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const { period: _p, ...expected } = measure(evaluations, new EhcTimelinessAccumulator({ from: `${row.key}-01`, to }, rules));
      expect(row).toEqual({ key: row.key, ...expected });
    }
    expect(months.rows.map((r) => r.key)).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('decisions within 6 weeks and advice within 6 weeks by service', async () => {
    const evaluations = evaluateAll(AS_OF);
    for (const period of periods) {
      const report = await reports.stageTimeliness({ ...period, las: LAS });
      expect(report.decisions).toEqual(measure(evaluations, new DecisionTimelinessAccumulator(period)));
      const advice = measure(evaluations, new AdviceTimelinessAccumulator(period));
      expect(Object.fromEntries(report.advice.map(({ service, ...r }) => [service, r]))).toEqual(advice);
      expect(advice.all.including.of).toBeGreaterThan(100);
    }
  });

  it('annual reviews', async () => {
    const evaluations = evaluateAll(AS_OF);
    for (const period of periods) {
      const { period: _p, ...expected } = measure(evaluations, new AnnualReviewAccumulator(period, rules));
      const { las: _l, from: _f, to: _t, ...report } = await reports.annualReviews(period);
      expect(report).toEqual(expected);
      expect(expected.meetingsOnTime.of).toBeGreaterThan(50);
      // Review completed (reg 20(10) decision within 12 months): some reviews are, some are not.
      const completed = expected.reviewsCompletedWithin12Months;
      expect(completed.of).toBeGreaterThan(50);
      expect(completed.count).toBeGreaterThan(0);
      expect(completed.count).toBeLessThan(completed.of);
    }
  });

  it('waiting lists today and as of past dates (DNA restarts included), per LA and for all', async () => {
    for (const asOf of [AS_OF, '2025-11-15', '2024-07-01', '2023-09-30']) {
      const evaluations = evaluateAll(asOf);
      for (const pathway of ['slt', 'neurodevelopmental'] as const) {
        for (const las of [LAS, [LAS[0]]]) {
          const mine = evaluations.filter((e) => las.includes(e.la));
          const expected = measure(mine, new WaitingListAccumulator(pathway, rules, trailingYear(asOf)));
          const r = await reports.waitingList({ las, pathway, asOf, longest: 5 });
          const { las: _l, asOf: _a, over18Weeks, over52Weeks, targets, longestWaiters, ...figures } = r;
          expect(figures).toEqual(expected);
          expect(over18Weeks).toBe(expected.overWeeks[18]);
          expect(over52Weeks).toBe(expected.overWeeks[52]);
          const waits = mine.filter((e) => e.pathway === pathway && e.wait?.open).sort((a, b) => b.wait!.daysWaited - a.wait!.daysWaited);
          expect(longestWaiters.map((l) => l.daysWaited)).toEqual(waits.slice(0, 5).map((e) => e.wait!.daysWaited));
          expect(longestWaiters.map((l) => l.clockStartOn)).toEqual(
            longestWaiters.map((l) => mine.find((e) => e.caseRef === l.caseRef && e.la === l.la)!.wait!.clockStartOn),
          );
          if (las.length === 1) expect(targets.map((t) => t.measure).sort()).toEqual(expect.arrayContaining(['waiting_over_max_count']));
        }
      }
    }
    // The synthetic waits include DNAs after some of these dates: the as-of clock differs from the stored one.
    const restartedLater = evaluateAll(AS_OF).filter(
      (e) => e.wait && e.wait.restarts > 0 && e.wait.clockStartOn > '2024-07-01' && e.startedOn! <= '2024-07-01',
    );
    expect(restartedLater.length).toBeGreaterThan(0);
  });

  it('open assessments on the stored day (SQL) and on past dates (evaluated as of then)', async () => {
    for (const asOf of [AS_OF, '2025-11-15', '2024-07-01']) {
      for (const las of [LAS, [LAS[2]]]) {
        const expected = measure(
          evaluateAll(asOf).filter((e) => las.includes(e.la)),
          new OpenAssessmentsAccumulator(rules),
        );
        const { las: _l, asOf: _a, ...report } = await reports.openAssessments({ las, asOf });
        expect(report).toEqual(expected);
        expect(expected.open).toBeGreaterThan(10);
      }
    }
  });
});

describe('GET /v1/reports', () => {
  it('serves each report as JSON and CSV', async () => {
    const ehc = await api
      .http()
      .get('/v1/reports/ehc-timeliness')
      .query({ la: LAS.join(','), from: '2024-01-01', to: '2024-12-31', by: 'la' })
      .expect(200);
    expect(ehc.body.rows.map((r: { key: string }) => r.key)).toEqual(LAS);
    expect(ehc.body).toEqual(await reports.ehcTimeliness({ las: LAS, from: '2024-01-01', to: '2024-12-31', by: 'la' }));
    const csv = await api
      .http()
      .get(`/v1/reports/ehc-timeliness?la=${LAS[0]}&la=${LAS[1]}&from=2024-01-01&to=2024-12-31&by=la&format=csv`)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^las,from,to,la,plans_issued,plans_issued_ex,within_20_weeks,within_20_weeks_pct/);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(LAS.slice(0, 2));
    const first = ehc.body.rows[0];
    expect(lines[1].split(',').slice(4, 8).map(Number)).toEqual([
      first.plansIssued,
      first.plansIssuedExcludingExceptions,
      first.within20Weeks.including.count,
      first.within20Weeks.including.percent,
    ]);

    for (const [path, query] of [
      ['stage-timeliness', { la: LAS[0], from: '2024-01-01', to: '2024-12-31' }],
      ['annual-reviews', { from: '2024-01-01', to: '2024-12-31' }],
      ['waiting-list', { la: LAS[0], pathway: 'neurodevelopmental', asOf: '2025-11-15' }],
      ['open-assessments', { la: LAS[0], asOf: AS_OF }],
      ['trend', { la: LAS[0], pathway: 'slt', measure: 'waiting_median_weeks,waiting_p92_weeks', from: '2026-01-01', to: AS_OF }],
    ] as const) {
      const json = await api.http().get(`/v1/reports/${path}`).query(query).expect(200);
      expect(json.body).toEqual(expect.any(Object));
      const c = await api
        .http()
        .get(`/v1/reports/${path}`)
        .query({ ...query, format: 'csv' })
        .expect(200);
      expect(c.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
      expect(c.text.split('\r\n').length).toBeGreaterThan(2);
    }
  });

  it('waiting list: targets red/amber/green and longest waiters by case reference', async () => {
    const r = await api
      .http()
      .get('/v1/reports/waiting-list')
      .query({ la: LAS[0], pathway: 'neurodevelopmental', asOf: AS_OF, longest: 3 })
      .expect(200);
    expect(r.body.targets.length).toBeGreaterThan(0);
    for (const t of r.body.targets) expect(['red', 'amber', 'green', null]).toContain(t.status);
    expect(r.body.longestWaiters).toHaveLength(3);
    expect(Object.keys(r.body.longestWaiters[0]).sort()).toEqual(['caseRef', 'clockStartOn', 'completedWeeks', 'daysWaited', 'la']);
    expect(Object.keys(r.body.bands)).toEqual(['0-1', '1-2', '2-4', '4-12', '12-18', '18-52', '52+']);
  });

  it('trend: snapshot values over time with the target trajectory at the same dates', async () => {
    const r = await api
      .http()
      .get('/v1/reports/trend')
      .query({
        la: LAS[0],
        pathway: 'neurodevelopmental',
        measure: ['waiting_median_weeks', 'waiting_over_max_count'],
        from: '2026-01-01',
        to: AS_OF,
      })
      .expect(200);
    expect(r.body.series.map((s: { measure: string }) => s.measure)).toEqual(['waiting_median_weeks', 'waiting_over_max_count']);
    const snapshot = await reports.waitingList({ las: [LAS[0]], pathway: 'neurodevelopmental', asOf: AS_OF });
    expect(r.body.series[0].points).toEqual([{ on: AS_OF, value: snapshot.medianWeeks }]);
    expect(r.body.series[1].targets[0].expected).toEqual([{ on: AS_OF, value: expect.any(Number) }]);
  });

  it("a user limited to one LA sees that LA's figures only", async () => {
    const commissioner = await api.user('commissioner', [LAS[0]]);
    const http = api.as(commissioner.token);
    const all = await http().get('/v1/reports/ehc-timeliness').query({ from: '2024-01-01', to: '2024-12-31', by: 'la' }).expect(200);
    expect(all.body.rows.map((r: { key: string }) => r.key)).toEqual([LAS[0]]);
    await http()
      .get('/v1/reports/waiting-list')
      .query({ la: `${LAS[0]},${LAS[1]}`, pathway: 'slt' })
      .expect(403);
    await api.anonymous().get('/v1/reports/open-assessments').expect(401);
  });

  it('refuses a malformed query, naming the field', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['ehc-timeliness', { from: '2024-01-01', to: '2024-13-01' }, /to must be a calendar date/],
      ['ehc-timeliness', { la: '80', from: '2024-01-01', to: '2024-12-31' }, /la must be one or more three-digit/],
      ['ehc-timeliness', { from: '2024-01-01', to: '2024-12-31', by: 'week' }, /by must be one of total, la, month, need/],
      ['ehc-timeliness', { from: '2024-12-31', to: '2024-01-01' }, /to must be on or after from/],
      ['waiting-list', { la: '805', pathway: 'ehc_assessment' }, /pathway must be one of slt, neurodevelopmental/],
      ['waiting-list', { pathway: 'slt', asOf: 'yesterday' }, /asOf must be a calendar date/],
      ['open-assessments', { format: 'xml' }, /format must be one of json, csv/],
      ['trend', { la: '805', pathway: 'slt', measure: 'bogus', from: '2026-01-01', to: '2026-02-01' }, /measure must be one or more of/],
      ['stage-timeliness', { from: '2024-01-01', to: '2024-12-31', extra: '1' }, /property extra should not exist/],
    ];
    for (const [path, query, message] of cases) {
      const r = await api.http().get(`/v1/reports/${path}`).query(query).expect(400);
      expect(JSON.stringify(r.body.message)).toMatch(message);
    }
  });
});
