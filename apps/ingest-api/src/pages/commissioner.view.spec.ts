import type { ReportTargetStatus, TrendReport, WaitingListReport } from '@app/compliance';
import { RULES } from '@app/rules/testing';
import { xTicksOf } from './chart-block';
import { bandWords, commissionerTables, commissionerView, type CommissionerInput } from './commissioner.view';
import { dayNumber } from './format';
import { views } from './views';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
const SINGLE = "' onmouseover='alert(3)";
const TEMPLATE = '{{ 7 * 7 }}{% if true %}evaluated{% endif %}';
const HOSTILE = `${SCRIPT}${ATTRIBUTE}${SINGLE}${TEMPLATE}`;

const chrome = { cspNonce: 'bm9uY2U=', signedIn: true, navigation: [] };

function target(over: Partial<ReportTargetStatus>): ReportTargetStatus {
  return {
    targetId: 1,
    name: 'slt-within-18-weeks',
    measure: 'waiting_within_target_pct',
    comparator: 'gte',
    threshold: 92,
    deadline: '2027-03-31',
    expected: 81.2,
    actual: 73.2,
    status: 'red',
    trajectory: [
      { on: '2026-09-30', value: 75 },
      { on: '2026-12-31', value: 84 },
      { on: '2027-03-31', value: 92 },
    ],
    ...over,
  };
}

function input(caseRef = 'SLT-0001', laName: string | null = 'Hartlepool'): CommissionerInput {
  const list = {
    las: ['805'],
    asOf: '2026-11-30',
    waiting: 10,
    medianWeeks: 12.34,
    p92Weeks: 40,
    targetWeeks: 18,
    withinTarget: { count: 7, of: 10, percent: 70 },
    over18Weeks: 3,
    over52Weeks: 1,
    overMax: 1,
    bands: { '0-1': 1, '1-2': 2, '2-4': 1, '4-12': 0, '12-18': 3, '18-52': 2, '52+': 1 },
    targets: [
      target({}),
      target({
        targetId: 2,
        name: 'slt-nobody-over-52-weeks',
        measure: 'waiting_over_max_count',
        comparator: 'lte',
        threshold: 0,
        expected: 3,
        actual: 1,
        status: 'green',
        trajectory: [
          { on: '2026-11-02', value: 4 },
          { on: '2027-03-31', value: 0 },
        ],
      }),
    ],
    longestWaiters: [{ la: '805', caseRef, clockStartOn: '2025-10-01', daysWaited: 425, completedWeeks: 60 }],
  } as unknown as WaitingListReport;
  const points = (values: number[]) => values.map((value, k) => ({ on: ['2026-11-02', '2026-11-30'][k], value }));
  const trend = {
    la: '805',
    pathway: 'slt',
    needCode: 'all',
    from: '2025-11-30',
    to: '2026-11-30',
    series: [
      { measure: 'waiting_median_weeks', points: points([11, 12.34]), targets: [] },
      { measure: 'waiting_p92_weeks', points: points([38, 40]), targets: [] },
      {
        measure: 'waiting_within_target_pct',
        points: points([74, 70]),
        targets: [{ targetId: 1, expected: points([78.5, 81.2]), trajectory: [] }],
      },
      {
        measure: 'waiting_over_max_count',
        points: points([4, 1]),
        targets: [{ targetId: 2, expected: points([4, 3]), trajectory: [] }],
      },
    ],
  } as unknown as TrendReport;
  return { la: '805', laName, pathway: 'slt', list, trend, rules: RULES };
}

const render = (i: CommissionerInput, q?: string) => views.render('commissioner.njk', { ...chrome, ...commissionerView(i, { q }) });

describe('the commissioner page', () => {
  it('escapes what the data and the address bring: the LA name, a case reference, the filter text', () => {
    const html = render(input(HOSTILE, HOSTILE), HOSTILE);
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain("' onmouseover='");
    expect(html).not.toMatch(/>\s*49\s*</);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&#39; onmouseover=&#39;alert(3)');
    expect(html).toContain(TEMPLATE);
  });

  it('gives each target in words, never its stored code, with the tolerance and the verdict', () => {
    const html = render(input());
    expect(html).not.toContain('slt-within-18-weeks');
    expect(html).not.toContain('slt-nobody-over-52-weeks');
    expect(html).not.toContain('waiting_');
    expect(html).toContain('Speech and language therapy: at least 92% of children waiting under 18 weeks');
    expect(html).toContain('Speech and language therapy: no children waiting 52 weeks or more');
    expect(html).toContain('From 4 children on 2 Nov 2026 to 0 children by 31 Mar 2027');
    expect(html).toContain('Amber: up to 5% short of the trajectory');
    expect(html).toContain('Off track by 8 percentage points.');
    expect(html).toContain('On track: 2 children better than the trajectory.');
    // Each target's chart has its figures as a table, the goal at the deadline among them.
    expect(html).toContain('The figures in this chart');
    expect(html).toMatch(/31 Mar 2027<\/th>\s*<td class="govuk-table__cell"><\/td>\s*<td class="govuk-table__cell">92%<\/td>/);
  });

  it('labels a short time line only at its real dates', () => {
    const m = commissionerView(input(), {});
    const spec = JSON.parse(m.waitsChart!.json);
    expect(spec.options.xTicks).toEqual([dayNumber('2026-11-02'), dayNumber('2026-11-30')]);
    const target = JSON.parse(m.targets[1].chart!.json);
    // The figure's first date (the line's start too) and the deadline: 30 Nov is too near 2 Nov to label on that span.
    expect(target.options.xTicks).toEqual(['2026-11-02', '2027-03-31'].map(dayNumber));
    // Only real dates, the first and last always, none crowding its neighbour.
    expect(xTicksOf([0, 7, 14, 100, 200, 300, 400, 480, 490, 500])).toEqual([0, 100, 200, 300, 400, 500]);
    expect(xTicksOf([10, 3])).toEqual([3, 10]);
    expect(m.waitsChart!.description).toContain('on 2 dates from 2 Nov 2026 to 30 Nov 2026');
  });

  it('names the week bands in words and keeps the codes for the CSV', () => {
    expect(['0-1', '12-18', '52+'].map(bandWords)).toEqual(['Under 1 week', '12 to under 18 weeks', '52 weeks or more']);
    const bands = commissionerTables(input()).find((t) => t.id === 'bands')!;
    expect(bands.columns[0].value(bands.rows[6])).toBe('52+');
    const html = render(input());
    expect(html).toContain('18 to under 52 weeks');
    expect(html).toContain('href="/dashboard/cases/805/SLT-0001"');
  });
});
