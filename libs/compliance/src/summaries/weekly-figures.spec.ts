import { LAST_WEEK, snapshotRows, THIS_WEEK } from './summary-fixtures';
import { weeklyBoard } from './board';
import { loadRulesTable } from '@app/config';

const RULES = loadRulesTable();
import { buildWeeklyFigures, type WeeklyFigures, type WeeklyInput } from './weekly-figures';

const input = (over: Partial<WeeklyInput> = {}): WeeklyInput => ({
  la: '805',
  week: '2026-W47',
  weekStart: '2026-11-16',
  lastWeekStart: '2026-11-09',
  thisWeek: snapshotRows('805', '2026-11-16', THIS_WEEK),
  lastWeek: snapshotRows('805', '2026-11-09', LAST_WEEK),
  breaches: [
    { pathway: 'ehc_assessment', kind: 'final_plan', service: null, caseRefs: ['EHC-2026-0007', 'EHC-2026-0003', 'EHC-2026-0003'] },
    { pathway: 'ehc_assessment', kind: 'advice', service: 'slt', caseRefs: ['EHC-2026-0011'] },
    { pathway: 'slt', kind: 'first_contact', service: null, caseRefs: [] },
  ],
  targets: [
    {
      name: 'SLT 18 weeks',
      pathway: 'slt',
      measure: 'waiting_within_target_pct',
      threshold: 92,
      expected: 90,
      actual: 85.5,
      status: 'red',
    },
  ],
  lastWeekTargets: [
    {
      name: 'SLT 18 weeks',
      pathway: 'slt',
      measure: 'waiting_within_target_pct',
      threshold: 92,
      expected: 89,
      actual: 88,
      status: 'amber',
    },
  ],
  ...over,
});

const fig = (f: WeeklyFigures, measure: string) => f.sections.flatMap((s) => s.figures).find((x) => x.measure === measure);

describe('buildWeeklyFigures', () => {
  const f = buildWeeklyFigures(input());

  it('gives 20-week timeliness both ways, with the change since last week', () => {
    expect(fig(f, 'ehc.within20Weeks.including')).toMatchObject({
      thisWeek: 67.3,
      lastWeek: 60,
      change: 7.3,
      unit: 'percent',
      thisWeekOf: { count: 37, of: 55 },
      lastWeekOf: { count: 30, of: 50 },
    });
    expect(fig(f, 'ehc.within20Weeks.excluding')).toMatchObject({
      thisWeek: 75,
      lastWeek: 66.7,
      change: 8.3,
      thisWeekOf: { count: 36, of: 48 },
    });
    expect(fig(f, 'ehc.plansIssued')).toMatchObject({ thisWeek: 55, lastWeek: 50, change: 5, better: null });
  });

  it('reads the LA-wide rows only, not need-level ones', () => {
    expect(fig(f, 'ehc.plansIssued')?.thisWeek).not.toBe(999);
  });

  it('counts overdue assessments and their change', () => {
    expect(fig(f, 'open.overdue')).toMatchObject({ thisWeek: 4, lastWeek: 6, change: -2, better: 'lower' });
    expect(fig(f, 'open.open')).toMatchObject({ thisWeek: 22, lastWeek: 20, change: 2 });
  });

  it('gives advice by service, only for services that had advice, and the total', () => {
    const advice = f.sections.find((s) => s.key === 'advice')!.figures.map((x) => x.measure);
    expect(advice).toEqual([
      'advice.all.including',
      'advice.all.excluding',
      'advice.ep.including',
      'advice.ep.excluding',
      'advice.slt.including',
      'advice.slt.excluding',
    ]);
    expect(fig(f, 'advice.slt.including')).toMatchObject({ thisWeek: 58.3, lastWeek: 50, change: 8.3 });
  });

  it('rounds waits to 1 dp before taking the change', () => {
    expect(fig(f, 'waits.slt.medianWeeks')).toMatchObject({ thisWeek: 8.6, lastWeek: 9, change: -0.4 });
    expect(fig(f, 'waits.slt.waiting')).toMatchObject({ thisWeek: 10, lastWeek: 12, change: -2 });
    expect(fig(f, 'reviews.meetingsOnTime')).toMatchObject({ thisWeek: 80, lastWeek: 80, change: 0 });
  });

  it('lists the cases behind each breach, deduplicated and sorted, leaving out empty lists', () => {
    expect(f.breaches).toEqual([
      expect.objectContaining({ kind: 'advice', service: 'slt', count: 1, caseRefs: ['EHC-2026-0011'], lastWeek: null, change: null }),
      expect.objectContaining({ kind: 'final_plan', count: 2, caseRefs: ['EHC-2026-0003', 'EHC-2026-0007'] }),
    ]);
    expect(f.breaches[0].label).toBe('Overdue: EHC needs assessment: Advice (6 weeks): Speech and language therapy');
  });

  it('takes last week breach counts from last week summary, zero when a breach is new', () => {
    const withPrevious = buildWeeklyFigures(input({ lastWeekBreaches: [{ ...f.breaches[1], count: 5 }] }));
    expect(withPrevious.breaches.map((b) => [b.kind, b.lastWeek, b.change])).toEqual([
      ['advice', 0, 1],
      ['final_plan', 5, -3],
    ]);
  });

  it('carries target status this week and last', () => {
    expect(f.targets).toEqual([
      expect.objectContaining({
        name: 'SLT 18 weeks',
        actual: 85.5,
        status: 'red',
        lastWeekActual: 88,
        lastWeekStatus: 'amber',
        change: -2.5,
      }),
    ]);
  });

  it('gives nulls, not zeros, when a week has no snapshot', () => {
    const empty = buildWeeklyFigures(input({ lastWeek: [], targets: [], lastWeekTargets: undefined }));
    expect(empty.snapshots).toEqual({ thisWeek: true, lastWeek: false });
    expect(fig(empty, 'ehc.within20Weeks.including')).toMatchObject({ thisWeek: 67.3, lastWeek: null, change: null, lastWeekOf: null });
    expect(empty.targets).toEqual([]);
  });

  it('is plain data that survives a JSON round trip (stored as jsonb)', () => {
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
});

describe('the headline and the longest overdue', () => {
  it('gives the 20-week rates of the 12 months to this Monday and to the Monday 52 weeks before, and England', () => {
    const f = buildWeeklyFigures(
      input({ yearAgo: snapshotRows('805', '2025-11-17', LAST_WEEK), england: { year: '2024', including: 45.9, excluding: 46.4 } }),
    );
    expect(f.headline).toEqual({
      thisYear: {
        asOf: '2026-11-16',
        including: { percent: 67.3, count: 37, of: 55 },
        excluding: { percent: 75, count: 36, of: 48 },
      },
      lastYear: {
        asOf: '2025-11-17',
        including: { percent: 60, count: 30, of: 50 },
        excluding: { percent: 66.7, count: 30, of: 45 },
      },
      england: { year: '2024', including: 45.9, excluding: 46.4 },
    });
  });

  it('has no year-earlier figure without that Monday’s rows, and keeps the overdue cases in the order given', () => {
    const overdueCases = [
      { caseRef: 'B', pathway: 'slt', kind: 'first_contact', service: null, cycle: null, dueOn: '2026-01-01', ownerRef: null },
      { caseRef: 'A', pathway: 'ehc_assessment', kind: 'final_plan', service: null, cycle: null, dueOn: '2026-02-01', ownerRef: 'CW-1' },
    ];
    const f = buildWeeklyFigures(input({ overdueCases }));
    expect(f.headline!.lastYear).toEqual({ asOf: '2025-11-17', including: null, excluding: null });
    expect(f.headline!.england).toBeNull();
    expect(f.overdueCases).toEqual(overdueCases);
  });
});

describe('a change of rules between the two Mondays', () => {
  const versioned = (rows: ReturnType<typeof snapshotRows>, v: string | undefined) =>
    rows.map((r) => ({ ...r, measures: { ...r.measures, rulesVersion: v } }));

  it('is noted when the versions differ, or last week’s rows predate the version', () => {
    const same = buildWeeklyFigures(
      input({
        thisWeek: versioned(snapshotRows('805', '2026-11-16', THIS_WEEK), 'b'),
        lastWeek: versioned(snapshotRows('805', '2026-11-09', LAST_WEEK), 'b'),
      }),
    );
    expect(same.rulesChanged).toBeUndefined();
    const changed = buildWeeklyFigures(
      input({
        thisWeek: versioned(snapshotRows('805', '2026-11-16', THIS_WEEK), 'b'),
        lastWeek: versioned(snapshotRows('805', '2026-11-09', LAST_WEEK), 'a'),
      }),
    );
    expect(changed.rulesChanged).toEqual({ lastWeek: 'a', thisWeek: 'b' });
    const older = buildWeeklyFigures(input({ thisWeek: versioned(snapshotRows('805', '2026-11-16', THIS_WEEK), 'b') }));
    expect(older.rulesChanged).toEqual({ lastWeek: null, thisWeek: 'b' });
    expect(weeklyBoard(changed, RULES).notes).toEqual([
      expect.stringContaining('The rules the figures follow changed between the two weeks'),
    ]);
    expect(weeklyBoard(same, RULES).notes).toEqual([]);
  });

  it('is not noted without last week’s figures (there is no change to explain)', () => {
    const f = buildWeeklyFigures(input({ thisWeek: versioned(snapshotRows('805', '2026-11-16', THIS_WEEK), 'b'), lastWeek: [] }));
    expect(f.rulesChanged).toBeUndefined();
  });
});

describe('SEN support and alternative provision in the weekly summary (issue 15)', () => {
  const share = (count: number, of: number) => ({ count, of, percent: Math.round((1000 * count) / of) / 10 });
  const group = (open: number) => ({
    open,
    partTime: share(2, open),
    unreviewedPastReview: 3,
    unreviewedPastLong: 1,
    meanHours: 20,
    medianWeeksInAp: 8,
  });
  const rows = (on: string, open: number) => [
    ...snapshotRows('805', on, THIS_WEEK),
    {
      la: '805',
      snapshotOn: on,
      pathway: 'sen_support' as const,
      needCode: 'all',
      measures: {
        senSupport: { terms: [], now: { open, reviewOverdue: share(40, open), reviewOverdueBySchool: {} } },
        senSupportLinks: {
          ehcRequests: 20,
          precededBySupport: share(12, 20),
          medianWeeksSupportToRequest: 30,
          waiting: { slt: { children: 5, medianWeeksWaited: 10 }, neurodevelopmental: { children: 4, medianWeeksWaited: 30 }, either: 8 },
        },
      },
    },
    {
      la: '805',
      snapshotOn: on,
      pathway: 'alternative_provision' as const,
      needCode: 'all',
      measures: {
        alternativeProvision: { ...group(10), byProvider: {}, byReason: {}, byCommissioner: {}, ended: 0, medianWeeksInApEnded: null },
      },
    },
  ];

  it('adds a short section for each, with the change since last week, where the LA records them', () => {
    const f = buildWeeklyFigures(input({ thisWeek: rows('2026-11-16', 400), lastWeek: rows('2026-11-09', 390) }));
    expect(f.sections.map((s) => s.key)).toEqual(['ehc', 'open', 'advice', 'reviews', 'waits', 'senSupport', 'alternativeProvision']);
    expect(fig(f, 'senSupport.open')).toMatchObject({ thisWeek: 400, lastWeek: 390, change: 10 });
    expect(fig(f, 'senSupport.ehcRequestsPreceded')).toMatchObject({ thisWeek: 60, thisWeekOf: { count: 12, of: 20 } });
    expect(fig(f, 'ap.unreviewed12')).toMatchObject({ thisWeek: 1, better: 'lower' });
  });

  it('leaves them out for an LA that records neither', () => {
    expect(buildWeeklyFigures(input()).sections.map((s) => s.key)).toEqual(['ehc', 'open', 'advice', 'reviews', 'waits']);
  });
});
