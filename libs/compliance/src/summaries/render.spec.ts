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
});

describe('renderHtml', () => {
  const html = renderHtml(figures);

  it('is a complete document with a language and a title', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html).toContain('<title>Weekly SEND compliance summary: LA 805, week 2026-W47</title>');
    expect(html.trim().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img)\b/); // self-contained
  });

  it('uses captioned tables with scoped headers', () => {
    const tables = html.match(/<table\b/g)!.length;
    expect(html.match(/<caption\b/g)!.length).toBe(tables);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<th scope="row"');
    expect(html).not.toMatch(/<th[\s>](?![^>]*scope=)/);
  });

  it('shows figures with their counts and the change in words', () => {
    expect(html).toContain('67.3% (37 of 55)');
    expect(html).toContain('+7.3 points (better)');
    expect(html).toContain('-2 (better)'); // overdue assessments down
    expect(html).toContain('-0.4 weeks (better)');
  });

  it('shows RAG as text as well as colour', () => {
    expect(html).toMatch(/background:#f6d7d7;[^"]*"><span aria-hidden="true">[^<]*<\/span>Red</);
    expect(html).toMatch(/<\/span>Green</);
    expect(html).toMatch(/font-weight:bold;">No data</);
  });

  it('escapes every value from data', () => {
    expect(html).toContain('ND &lt;13 weeks&gt;');
    expect(html).toContain('EHC-&lt;b&gt;&quot;x&quot;,1');
    expect(html).not.toContain('<b>"x"');
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
    expect(lines).toContain('breaches,ehc_assessment.final_plan,EHC needs assessment: Final plan overdue (20 weeks),2,,,,');
    expect(lines).toContain('breach_cases,ehc_assessment.final_plan,EHC needs assessment: Final plan overdue (20 weeks),,,,,EHC-2026-0003');
    expect(lines).toContain(
      'breach_cases,ehc_assessment.final_plan,EHC needs assessment: Final plan overdue (20 weeks),,,,,"EHC-<b>""x"",1"',
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
  it('gives every figure with last week and the change, the RAG in words and the breach refs', () => {
    const text = renderText(figures);
    expect(text).toContain(
      '- % within 20 weeks, excluding exceptions (DfE headline): 75.0% (36 of 48) (last week 66.7% (30 of 45); +8.3 points (better))',
    );
    expect(text).toContain('- ND <13 weeks>: Red (actual 20, expected 15)');
    expect(text).toContain('- No data yet: No data (actual n/a, expected 120)');
    expect(text).toContain('Final plan overdue (20 weeks): 2: EHC-2026-0003, EHC-<b>"x",1');
  });
});
