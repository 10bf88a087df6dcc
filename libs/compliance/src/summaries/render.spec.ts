import { RULES } from '@app/rules/testing';
import { renderCsv, csvField } from './render-csv';
import { escapeHtml, renderHtml } from './render-html';
import { renderText } from './render-text';
import { LAST_WEEK, snapshotRows, THIS_WEEK } from './summary-fixtures';
import { buildWeeklyFigures } from './weekly-figures';

const figures = buildWeeklyFigures({
  la: '805',
  week: '2026-W47',
  weekStart: '2026-11-16',
  lastWeekStart: '2026-11-09',
  thisWeek: snapshotRows('805', '2026-11-16', THIS_WEEK),
  lastWeek: snapshotRows('805', '2026-11-09', LAST_WEEK),
  breaches: [{ pathway: 'ehc_assessment', kind: 'final_plan', service: null, caseRefs: ['EHC-2026-0003', 'EHC-<b>"x",1'] }],
  targets: [
    {
      name: 'ND <13 weeks>',
      pathway: 'neurodevelopmental',
      measure: 'waiting_median_weeks',
      threshold: 13,
      expected: 15,
      actual: 20,
      status: 'red',
      deadline: '2027-03-31',
      comparator: 'lte',
    },
    {
      name: 'SLT 18 weeks',
      pathway: 'slt',
      measure: 'waiting_within_target_pct',
      threshold: 92,
      expected: 90,
      actual: 91,
      status: 'green',
    },
    { name: 'No data yet', pathway: 'slt', measure: 'waiting_count', threshold: 100, expected: 120, actual: null, status: null },
  ],
  lastWeekTargets: [
    {
      name: 'ND <13 weeks>',
      pathway: 'neurodevelopmental',
      measure: 'waiting_median_weeks',
      threshold: 13,
      expected: 15,
      actual: 15.5,
      status: 'amber',
    },
  ],
  yearAgo: snapshotRows('805', '2025-11-17', LAST_WEEK),
  england: { year: '2024', including: 45.9, excluding: 46.4 },
  overdueCases: [
    {
      caseRef: 'EHC-2026-0003',
      pathway: 'ehc_assessment',
      kind: 'final_plan',
      service: null,
      cycle: null,
      dueOn: '2026-03-02',
      ownerRef: 'CW-805-01',
    },
    {
      caseRef: 'EHC-<b>"x",1',
      pathway: 'ehc_assessment',
      kind: 'advice',
      service: '<img src=x onerror=alert(1)>{{ 7 * 7 }}',
      cycle: null,
      dueOn: '2026-04-01',
      ownerRef: null,
    },
  ],
});

describe('renderHtml', () => {
  const html = renderHtml(figures, RULES, 'Hartlepool');

  it('is a complete document with a language and a title naming the week in words', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html).toContain('<title>Weekly summary for Hartlepool (LA 805), week beginning 16 November 2026</title>');
    expect(html).not.toContain('2026-W47');
    expect(html.trim().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img)\b/); // self-contained
  });

  it('follows the leader page: headline, what changed, targets off track, longest overdue, the rest', () => {
    const order = [
      'The 20-week figure',
      'What changed since last week',
      'Targets off track',
      'The ten longest-overdue cases',
      'The rest',
    ].map((h) => html.indexOf(`${h}</h2>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('gives the 20-week figure this year, a year earlier and England in words', () => {
    expect(html).toContain(
      '75.0% of final plans were issued within 20 weeks (excluding exceptions, as the DfE publishes it) in the 12 months to ' +
        '16 November 2026, up 8.3 points on the 12 months to 17 November 2025 (66.7%). England&#39;s figure for 2024 was 46.4%.',
    );
    expect(html).toContain('>12 months to 17 November 2025</th>');
    expect(html).toContain('>England, 2024 (published)</th>');
  });

  it('says what turned red and what improved, with numbers and "up/down" words', () => {
    expect(html).toContain('<h3 style="font-size:17px;margin:16px 0 4px 0;">Turned red</h3>');
    expect(html).toMatch(
      /<li>Neurodevelopmental \(autism\/ADHD\), the middle wait of children waiting, in weeks: 20.0 weeks, red, was amber<\/li>/,
    );
    expect(html).toContain('<li>Overdue: at least one step past its limit: 4, down 2 on last week</li>');
  });

  it('lists the targets off track in words, with the amount and the amber rule', () => {
    expect(html).toContain('1 of 3 targets are off track.');
    expect(html).toContain('Red: off track by 5.0 weeks');
    expect(html).toContain('at most 15.0 weeks now; 13.0 weeks by 31 March 2027');
    expect(html).toContain('Amber means short of the trajectory by no more than 5% of its value');
  });

  it('lists the longest-overdue cases with what is late, since when and who owns it', () => {
    expect(html).toMatch(
      /EHC-2026-0003<\/th><td[^>]*>Final plan \(20 weeks\)<\/td><td[^>]*>2 March 2026<\/td><td[^>]*>37 weeks<\/td><td[^>]*>CW-805-01<\/td>/,
    );
    expect(html).toContain('>Not assigned</td>');
  });

  it('uses captioned tables with scoped headers, and keeps every figure', () => {
    const tables = html.match(/<table\b/g)!.length;
    expect(html.match(/<caption\b/g)!.length).toBe(tables);
    expect(html).not.toMatch(/<th[\s>](?![^>]*scope=)/);
    expect(html).toContain('67.3% (37 of 55)');
    expect(html).toContain('-0.4 weeks (better)');
  });

  it('escapes every value from data, template syntax included', () => {
    expect(html).toContain('EHC-&lt;b&gt;&quot;x&quot;,1');
    expect(html).not.toContain('<b>"x"');
    expect(html).toContain('{{ 7 * 7 }}');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(figures);
  const lines = csv.split('\r\n');

  it('has a header, CRLF line ends and one row per figure', () => {
    expect(lines[0]).toBe('section,measure,label,this_week,last_week,change,status,case_ref');
    expect(csv.endsWith('\r\n')).toBe(true);
    const figureCount = figures.sections.reduce((n, s) => n + s.figures.length, 0);
    expect(lines.filter((l) => /^(ehc|open|advice|reviews|waits),/.test(l))).toHaveLength(figureCount);
    expect(lines).toContain('ehc,ehc.within20Weeks.including,"% within 20 weeks, including exceptions",67.3,60,7.3,,');
    expect(lines).toContain('open,open.overdue,Overdue: at least one step past its limit,4,6,-2,,');
  });

  it('lists targets with status and the case behind each breach', () => {
    expect(lines).toContain('targets,slt.waiting_within_target_pct,SLT 18 weeks,91,,,green,');
    expect(lines).toContain('targets,slt.waiting_count,No data yet,,,,no_data,');
    expect(lines).toContain('breaches,ehc_assessment.final_plan,Overdue: EHC needs assessment: Final plan (20 weeks),2,,,,');
    expect(lines).toContain(
      'breach_cases,ehc_assessment.final_plan,Overdue: EHC needs assessment: Final plan (20 weeks),,,,,EHC-2026-0003',
    );
    expect(lines).toContain(
      'breach_cases,ehc_assessment.final_plan,Overdue: EHC needs assessment: Final plan (20 weeks),,,,,"EHC-<b>""x"",1"',
    );
  });

  it('quotes as RFC 4180 and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField(null)).toBe('');
  });
});

describe('renderText', () => {
  it('says the same as the HTML part, in the same order, without markup', () => {
    const text = renderText(figures, RULES, 'Hartlepool');
    expect(text.startsWith('Weekly summary for Hartlepool (LA 805), week beginning 16 November 2026\n')).toBe(true);
    const order = [
      'THE 20-WEEK FIGURE',
      'WHAT CHANGED SINCE LAST WEEK',
      'TARGETS OFF TRACK',
      'THE TEN LONGEST-OVERDUE CASES',
      'THE REST',
    ].map((h) => text.indexOf(`\n${h}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain("England's figure for 2024 was 46.4%.");
    expect(text).toContain('- Overdue: at least one step past its limit: 4, down 2 on last week');
    expect(text).toContain('Red: off track by 5.0 weeks');
    expect(text).toContain('- EHC-2026-0003: Final plan (20 weeks), was due 2 March 2026, overdue by 37 weeks; owner CW-805-01');
    expect(text).toContain(
      '- % within 20 weeks, excluding exceptions (DfE headline): 75.0% (36 of 48) (last week 66.7% (30 of 45); +8.3 points (better))',
    );
    expect(text).toContain('- EHC-<b>"x",1: ');
    expect(text).not.toContain('2026-W47');
  });
});

describe('the summary says where the year is heading, when it has a forecast', () => {
  const forecast = {
    year: 2026,
    asOf: '2026-11-16',
    including: { percent: 61.24, low: 55.5, high: 66.02 },
    excluding: { percent: 63.8, low: 58.1, high: 70.2 },
    intervalPercent: 80,
    published: { year: 2024, including: 70.1, excluding: 71 },
    targetsAtRisk: [
      {
        pathway: 'slt',
        measure: 'waiting_within_target_pct',
        deadline: '2027-03-31',
        answer: 'Not met by 31 March 2027: 6 more contacts a week needed from 17 November 2026',
      },
    ],
  };
  const withForecast = { ...figures, forecast };

  it('in the text and the HTML, beside the last published figure, with the targets at risk', () => {
    const text = renderText(withForecast, RULES);
    expect(text).toContain('WHERE THE YEAR IS HEADING');
    expect(text).toContain(
      "At this rate 63.8% of 2026's final plans will be issued within 20 weeks, excluding exceptions " +
        "(8 times in 10 between 58.1% and 70.2%). The LA's published figure for 2024 was 71.0%.",
    );
    expect(text).toContain(
      '- Speech and language therapy, % of children waiting under 18 weeks for first contact: Not met by 31 March 2027: ' +
        '6 more contacts a week needed from 17 November 2026',
    );
    const html = renderHtml(withForecast, RULES);
    expect(html).toContain('Where the year is heading');
    expect(html).toContain(
      '<td style="border:1px solid #b1b4b6;padding:6px 8px;text-align:left;vertical-align:top;">61.2% (55.5% to 66.0%)</td>',
    );
    expect(renderText(figures, RULES)).not.toContain('WHERE THE YEAR IS HEADING');
  });
});
