import type { EhcTimelinessRow } from '@app/compliance';
import { ehcTables, ehcView, monthsSummary, type EhcInput, type MonthRow } from './ehc-timeliness.view';
import { tableCsv } from './html-table';
import { views } from './views';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
const SINGLE = "' onmouseover='alert(3)";
const TEMPLATE = '{{ 7 * 7 }}{% if true %}evaluated{% endif %}';
const HOSTILE = `${SCRIPT}${ATTRIBUTE}${SINGLE}${TEMPLATE}`;

const chrome = { cspNonce: 'bm9uY2U=', signedIn: true, navigation: [] };

function row(key: string, plans: number, excl: number | null, incl: number | null): EhcTimelinessRow {
  return {
    key,
    plansIssued: plans,
    plansIssuedExcludingExceptions: plans,
    within20Weeks: { including: { count: 0, percent: incl }, excluding: { count: 0, percent: excl } },
    overYear: { including: { count: 0, percent: 0 }, excluding: { count: 0, percent: 0 } },
    meanWeeks: 21.5,
    medianWeeks: 19,
  } as unknown as EhcTimelinessRow;
}

const month = (m: string, plans: number, excl: number | null): MonthRow => ({
  month: m,
  plans,
  withinIncl: excl === null ? null : Math.min(100, excl + 5),
  withinInclCount: 0,
  withinExcl: excl,
  withinExclCount: Math.round(((excl ?? 0) * plans) / 100),
  plansExcl: plans,
  medianWeeks: plans ? 18 : null,
});

const input = (over: Partial<EhcInput> = {}): EhcInput => ({
  la: '805',
  laName: 'Hartlepool',
  from: '2026-09-01',
  to: '2026-11-30',
  today: '2026-11-30',
  months: [month('2026-09', 10, 40), month('2026-10', 0, null), month('2026-11', 4, 75)],
  byNeed: [row('ASD', 8, 50, 60), row('SEMH', 6, 33.3, 40), row('unknown', 0, null, null)],
  total: row('total', 14, 50, 57.1),
  ...over,
});

const render = (i: EhcInput, view = {}) => views.render('ehc-timeliness.njk', { ...chrome, ...ehcView(i, view) });

describe('the EHC timeliness page', () => {
  it('escapes what it is given: the LA name, a need code, the filter typed; chart data cannot close its block', () => {
    const html = render(input({ laName: HOSTILE, need: HOSTILE, byNeed: [row(HOSTILE, 3, 10, 20)] }), { q: HOSTILE });
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain("' onmouseover='");
    expect(html).not.toMatch(/>\s*49\s*</);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&#39; onmouseover=&#39;alert(3)');
    expect(html).toContain(TEMPLATE);
    // In the chart's JSON block, < is written \u003c.
    expect(html).toContain('\\u003cscript>alert(1)\\u003c/script>');
  });

  it('names needs in words on the page and in the charts, and keeps the code in the CSV', () => {
    const view = ehcView(input(), {});
    const html = views.render('ehc-timeliness.njk', { ...chrome, ...view });
    expect(html).toContain('Autistic spectrum disorder');
    expect(html).toContain('Social, emotional and mental health');
    // What a reader sees (text and the charts' data) holds no code; option values may.
    const seen = html.replace(/<[^>]*>/g, ' ');
    expect(seen).toContain('["Autistic spectrum","disorder (8)"]'); // the bar's label, on two lines
    expect(seen).not.toMatch(/\bASD\b|\bSEMH\b/);
    expect(view.filters.need.items.map((i) => i.text)).toEqual([
      'All needs',
      'Autistic spectrum disorder',
      'Social, emotional and mental health',
      'Not recorded',
    ]);
    expect(tableCsv(ehcTables(input())[1] as never).split('\r\n')[1]).toMatch(/^ASD,8,/);
    expect(view.filters.from.items.find((i) => i.selected)).toEqual({ value: '2026-09', text: 'September 2026', selected: true });
    expect(view.filters.to.items[0]).toEqual({ value: '2026-11', text: 'November 2026', selected: true });
  });

  it('sums the trend up in words beside the chart, and says when there is nothing to draw', () => {
    const summary = monthsSummary(input());
    expect(summary).toBe(
      'From September 2026 to November 2026, 14 final plans were issued: 50.0% within 20 weeks excluding exceptions, ' +
        '57.1% including them. Excluding exceptions, the highest month was November 2026 (75.0%) and the lowest ' +
        'September 2026 (40.0%). In November 2026, the latest month with plans, 75.0% of 4 plans were within 20 weeks ' +
        'excluding exceptions. 1 month had no plans, so no percentage: the line passes over it.',
    );
    const view = ehcView(input(), {});
    expect(view.monthsChart?.description).toContain(summary);
    const none = input({ months: [month('2026-11', 0, null)], byNeed: [], total: row('total', 0, null, null) });
    const html = render(none);
    expect(html).toContain('no final plans were issued');
    expect(html).toContain('There is no trend to draw.');
    expect(html).not.toContain('<canvas');
  });
});
