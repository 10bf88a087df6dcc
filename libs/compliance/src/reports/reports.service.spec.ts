// ReportsService's arithmetic over the repository's counts (the SQL itself is proved against the
// libs/rules accumulators in test/reports-api.e2e-spec.ts): DfE rounding, bands, targets.
import { RULES } from '@app/rules/testing';
import { FixedClock } from '@app/config';
import type { EventReader } from '@app/database';
import { ehcTimelinessCsv, waitingListCsv } from './report-csv';
import type { EhcCountsRow, ReportsRepository, TargetRow, WaitCounts } from './reports.repository';
import type { OpenCountsRepository } from './open-counts.repository';
import type { DayCountsRepository } from './day-counts.repository';
import type { WaitingListCountsRepository } from './waiting-list-counts.repository';
import { ReportsService } from './reports.service';
import type { SnapshotsService } from '../snapshots/snapshots.service';

// 23:30 UTC on 30 June is already 1 July in London.
const clock = new FixedClock(new Date('2026-06-30T23:30:00Z'));

function service(
  repo: Partial<ReportsRepository>,
  snapshots: Partial<SnapshotsService> = { first: async () => undefined },
): ReportsService {
  const repository = { allLaCodes: async () => ['805', '806'], ...repo } as ReportsRepository;
  // No stored open counts: every report counts from the milestones.
  const openCounts = { sum: async () => null } as unknown as OpenCountsRepository;
  const dayCounts = { sum: async () => null, stageSum: async () => null } as unknown as DayCountsRepository;
  const waitingLists = { sum: async () => null } as unknown as WaitingListCountsRepository;
  return new ReportsService(
    repository,
    {} as EventReader,
    RULES,
    clock,
    snapshots as SnapshotsService,
    openCounts,
    dayCounts,
    waitingLists,
  );
}

const waits = (days: Record<string, number>, extra: Partial<WaitCounts> = {}): WaitCounts => ({
  waiting_days: days,
  seen_days: {},
  longest: [{ la: '805', case_ref: 'ND-0001', clock_start: '2025-01-06', days: 400 }],
  ...extra,
});

describe('ReportsService', () => {
  it('rounds EHC shares, mean and median weeks as the DfE does (half away from zero, exact)', async () => {
    const counts = { plans_ex: 0, within_ex: 0, within_year_ex: 0, over_year_ex: 0, days_ex_sum: 0 };
    const s = service({
      ehcCounts: async (): Promise<EhcCountsRow[]> => [
        // 199 plans over 7 * 199 * 20 + 10 days: 100 of 137 days, 98 of 143, one of 156
        { key: '805', ...counts, plans: 199, within: 2, within_year: 195, over_year: 2, days: { 137: 100, 143: 98, 156: 1 } },
        // Two plans: the median is between them, a half day
        { key: '806', ...counts, plans: 2, within: 2, within_year: 0, over_year: 0, days: { 136: 1, 137: 1 } },
      ],
    });
    const [row, two] = (await s.ehcTimeliness({ from: '2023-01-01', to: '2023-12-31', by: 'la' })).rows;
    // 2 / 199 = 1.005...% -> 1.0; 195 / 199 = 97.98...% -> 98.0
    expect(row.within20Weeks.including).toEqual({ count: 2, of: 199, percent: 1 });
    expect(row.after20WeeksWithinYear.including.percent).toBe(98);
    expect(row.within20Weeks.excluding).toEqual({ count: 0, of: 0, percent: null });
    expect(row.meanWeeks).toBe(20); // 20.007 weeks
    expect(row.medianWeeks).toBe(19.6); // the 100th plan: 137 days = 19.57 weeks
    expect(two.medianWeeks).toBe(19.5); // 136.5 days
    expect(two.meanWeeks).toBe(19.5);
    expect([row.meanWeeksExcludingExceptions, two.meanWeeksExcludingExceptions]).toEqual([null, null]); // no plan without an exception
  });

  it('gives the mean weeks excluding exceptions from the summed days of plans without one', async () => {
    const s = service({
      ehcCounts: async (): Promise<EhcCountsRow[]> => [
        // 3 plans: 140 and 141 days without an exception, 400 days with one
        {
          key: 'total',
          plans: 3,
          plans_ex: 2,
          within: 1,
          within_ex: 1,
          within_year: 2,
          within_year_ex: 1,
          over_year: 0,
          over_year_ex: 0,
          days: { 140: 1, 141: 1, 400: 1 },
          days_ex_sum: 281,
        },
      ],
    });
    const [row] = (await s.ehcTimeliness({ from: '2023-01-01', to: '2023-12-31' })).rows;
    expect(row.meanWeeks).toBe(32.4); // 681 / 21 = 32.43
    expect(row.meanWeeksExcludingExceptions).toBe(20.1); // 281 / 14 = 20.07
  });

  it('gives an empty period one total row with no percentages', async () => {
    const r = await service({ ehcCounts: async () => [] }).ehcTimeliness({ from: '2023-01-01', to: '2023-01-31' });
    expect(r.rows).toEqual([expect.objectContaining({ key: 'total', plansIssued: 0, meanWeeks: null, medianWeeks: null })]);
    expect(r.rows[0].within20Weeks.including.percent).toBeNull();
  });

  it('sums advice across services into all, listing every service', async () => {
    const s = service({
      decisionCounts: async () => ({ hit: 3, all: 4, hit_ex: 3, all_ex: 3 }),
      adviceCounts: async () => [
        { service: 'ep', hit: 1, all: 2, hit_ex: 1, all_ex: 1 },
        { service: 'slt', hit: 0, all: 3, hit_ex: 0, all_ex: 3 },
      ],
    });
    const r = await s.stageTimeliness({ las: ['806', '805', '805'], from: '2026-01-01', to: '2026-06-30' });
    expect(r.las).toEqual(['805', '806']);
    expect(r.decisions.excluding).toEqual({ count: 3, of: 3, percent: 100 });
    expect(r.advice.find((a) => a.service === 'all')!.including).toEqual({ count: 1, of: 5, percent: 20 });
    expect(r.advice.find((a) => a.service === 'ot')!.including).toEqual({ count: 0, of: 0, percent: null });
  });

  it('bands completed weeks as the NHS does and judges the LA targets', async () => {
    const target: TargetRow = {
      target_id: 7,
      name: 'nobody over 52 weeks',
      pathway: 'neurodevelopmental',
      measure: 'waiting_over_max_count',
      threshold: 0,
      comparator: 'lte',
      deadline: '2027-03-31',
      trajectory: [],
      interpolation: 'linear',
      created_at: new Date('2026-11-22T09:00:00Z'),
    };
    // Completed weeks 0, 1, 1, 3, 17, 18, 18, 51, 52, 52, 52, 60
    const days = { 3: 1, 7: 1, 10: 1, 21: 1, 125: 1, 126: 1, 130: 1, 360: 1, 364: 2, 370: 1, 420: 1 };
    const s = service({
      waitCounts: async () => waits(days, { seen_days: { 70: 1, 100: 1 }, qs51: { within: 3, of: 8 } }),
      targets: async () => [target],
    });
    const r = await s.waitingList({ las: ['805'], pathway: 'neurodevelopmental', asOf: '2026-11-22' });
    expect(r.bands).toEqual({ '0-1': 1, '1-2': 2, '2-4': 1, '4-12': 0, '12-18': 1, '18-52': 3, '52+': 4 });
    expect([r.waiting, r.over18Weeks, r.over52Weeks, r.overMax]).toEqual([12, 7, 4, 4]);
    expect(r.withinTarget).toEqual({ count: 4, of: 12, percent: 33.3 }); // ND target 13 weeks
    expect(r.medianWeeks).toBe(128 / 7); // between 126 and 130 days
    expect(r.p92Weeks).toBeCloseTo(376 / 7, 10); // rank 0.92 * 11 = 10.12: 370 + 0.12 * (420 - 370)
    expect([r.seen, r.medianWeeksToContact]).toEqual([2, 85 / 7]);
    // Set today, before tonight's snapshot: its line starts from today's 4, so it is on track today.
    expect(r.targets).toEqual([
      expect.objectContaining({
        targetId: 7,
        actual: 4,
        expected: 4,
        status: 'green',
        trajectory: [
          { on: '2026-11-22', value: 4 },
          { on: '2027-03-31', value: 0 },
        ],
      }),
    ]);
    expect(r.longestWaiters).toEqual([{ la: '805', caseRef: 'ND-0001', clockStartOn: '2025-01-06', daysWaited: 400, completedWeeks: 57 }]);
    expect(r.qs51).toEqual({ count: 3, of: 8, percent: 37.5 }); // NICE QS51 beside the RTT-style figures
    expect(waitingListCsv(r)).toContain('805,neurodevelopmental,2026-11-22,qs51_within_3_months_pct,37.5,3,8\r\n');
    expect(waitingListCsv(r)).toContain('805,neurodevelopmental,2026-11-22,longest_waiter,ND-0001,805,57\r\n');
  });

  it('starts a target without points of its own from the first snapshot since it was set', async () => {
    const target: TargetRow = {
      target_id: 8,
      name: 'nobody over 52 weeks',
      pathway: 'slt',
      measure: 'waiting_over_max_count',
      threshold: 0,
      comparator: 'lte',
      deadline: '2027-03-31',
      trajectory: [],
      interpolation: 'linear',
      created_at: new Date('2026-09-29T23:30:00Z'), // 30 September in London
    };
    const first = jest.fn(async () => ({
      la: '805',
      snapshotOn: '2026-09-30',
      pathway: 'slt' as const,
      needCode: 'all',
      measures: { waitingList: { overMax: 14 } } as never,
    }));
    const s = service({ waitCounts: async () => waits({ 370: 10 }), targets: async () => [target] }, { first });
    const r = await s.waitingList({ las: ['805'], pathway: 'slt', asOf: '2026-12-30' });
    expect(first).toHaveBeenCalledWith('805', 'slt', '2026-09-30', '2026-12-30');
    // 91 of the 182 days from 30 September to 31 March: halfway from 14 to 0 is 7; 10 are over 52 weeks.
    expect(r.targets[0]).toMatchObject({
      actual: 10,
      status: 'red',
      trajectory: [
        { on: '2026-09-30', value: 14 },
        { on: '2027-03-31', value: 0 },
      ],
    });
    expect(r.targets[0].expected).toBeCloseTo(7, 10);
  });

  it('leaves targets out when the report covers several LAs', async () => {
    const targets = jest.fn();
    const r = await service({ waitCounts: async () => waits({}, { longest: [] }), targets }).waitingList({
      pathway: 'slt',
      asOf: '2026-11-22',
    });
    expect(r.targets).toEqual([]);
    expect(targets).not.toHaveBeenCalled();
    expect(r.medianWeeks).toBeNull();
  });

  it('writes CSV through csvLine: a header, one line per row, CRLF', async () => {
    const s = service({
      ehcCounts: async () => [
        {
          key: '=805',
          plans: 1,
          plans_ex: 1,
          within: 1,
          within_ex: 1,
          within_year: 0,
          within_year_ex: 0,
          over_year: 0,
          over_year_ex: 0,
          days: { 7: 1 },
          days_ex_sum: 7,
        },
      ],
    });
    const csv = ehcTimelinessCsv(await s.ehcTimeliness({ las: ['805'], from: '2023-01-01', to: '2023-12-31', by: 'la' }));
    const [head, line, end] = csv.split('\r\n');
    expect(head.split(',').slice(0, 8)).toEqual([
      'las',
      'from',
      'to',
      'la',
      'plans_issued',
      'plans_issued_ex',
      'within_20_weeks',
      'within_20_weeks_pct',
    ]);
    expect(line.startsWith("805,2023-01-01,2023-12-31,'=805,1,1,1,100,")).toBe(true);
    expect(end).toBe('');
  });
});

describe('ReportsService and the clock', () => {
  it('answers as of the injected clock’s London date when no asOf is given', async () => {
    const asked: string[] = [];
    const s = service({
      waitCounts: async (_las, _pathway, asOf) => {
        asked.push(asOf);
        return waits({}, { longest: [] });
      },
      targets: async () => [],
    });
    const r = await s.waitingList({ las: ['805'], pathway: 'slt' });
    expect(r.asOf).toBe('2026-07-01');
    expect(asked).toEqual(['2026-07-01']);
  });
});
