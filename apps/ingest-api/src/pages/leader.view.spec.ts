import { buildWeeklyFigures } from '@app/compliance';
import { LAST_WEEK, snapshotRows, THIS_WEEK } from '@app/compliance/testing';
import { RULES } from '@app/rules/testing';
import { leaderTables, leaderView, targetLines, type LeaderInput } from './leader.view';
import { views } from './views';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
const SINGLE = "' onmouseover='alert(3)";
const TEMPLATE = '{{ 7 * 7 }}{% if true %}evaluated{% endif %}';
const HOSTILE = `${SCRIPT}${ATTRIBUTE}${SINGLE}${TEMPLATE}`;

const chrome = { cspNonce: 'bm9uY2U=', signedIn: true, navigation: [{ text: 'Weekly summary', href: '/dashboard/leader', current: true }] };

function figures(caseRef = 'EHC-2026-0003', owner: string | null = 'CW-805-01', service: string | null = null) {
  return buildWeeklyFigures({
    la: '805',
    week: '2026-W47',
    weekStart: '2026-11-16',
    lastWeekStart: '2026-11-09',
    thisWeek: snapshotRows('805', '2026-11-16', THIS_WEEK),
    lastWeek: snapshotRows('805', '2026-11-09', LAST_WEEK),
    breaches: [{ pathway: 'ehc_assessment', kind: 'final_plan', service: null, caseRefs: [caseRef] }],
    lastWeekBreaches: [],
    targets: [
      {
        name: 'slt-within-18-weeks',
        pathway: 'slt',
        measure: 'waiting_within_target_pct',
        threshold: 92,
        expected: 84,
        actual: 73.2,
        status: 'red',
        deadline: '2027-03-31',
        comparator: 'gte',
      },
      {
        name: 'nd-nobody-over-52-weeks',
        pathway: 'neurodevelopmental',
        measure: 'waiting_over_max_count',
        threshold: 0,
        expected: 0,
        actual: 0,
        status: 'green',
        deadline: '2027-03-31',
        comparator: 'lte',
      },
      {
        name: 'ehc',
        pathway: 'ehc_assessment',
        measure: 'final_within_20_weeks_ex_pct',
        threshold: 100,
        expected: 78,
        actual: 75,
        status: 'amber',
        deadline: '2027-03-31',
        comparator: 'gte',
      },
    ],
    lastWeekTargets: [
      {
        name: 'slt-within-18-weeks',
        pathway: 'slt',
        measure: 'waiting_within_target_pct',
        threshold: 92,
        expected: 83,
        actual: 79,
        status: 'amber',
      },
      {
        name: 'ehc',
        pathway: 'ehc_assessment',
        measure: 'final_within_20_weeks_ex_pct',
        threshold: 100,
        expected: 77,
        actual: 60,
        status: 'red',
      },
    ],
    yearAgo: snapshotRows('805', '2025-11-17', LAST_WEEK),
    england: { year: '2024', including: 45.9, excluding: 46.4 },
    overdueCases: [
      { caseRef, pathway: 'ehc_assessment', kind: 'advice', service, cycle: null, dueOn: '2026-03-02', ownerRef: owner },
      {
        caseRef: 'EHC-2026-0009',
        pathway: 'annual_review',
        kind: 'review_meeting',
        service: null,
        cycle: 2,
        dueOn: '2026-05-01',
        ownerRef: null,
      },
    ],
  });
}

const input = (over: Partial<LeaderInput> = {}): LeaderInput => ({
  la: '805',
  laName: 'Hartlepool',
  week: '2026-W47',
  weeks: ['2026-W48', '2026-W47', '2026-W46'],
  figures: figures(),
  createdAt: new Date('2026-11-16T07:00:00Z'),
  emailedAt: new Date('2026-11-16T07:01:00Z'),
  rules: RULES,
  role: 'leader',
  ...over,
});

const render = (i: LeaderInput) => views.render('leader.njk', { ...chrome, ...leaderView(i) });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the leader page', () => {
  const html = render(input());

  it('names weeks as "week beginning", never as an ISO week', () => {
    expect(html).toContain('Weekly summary: week beginning 16 November 2026');
    expect(text(html)).not.toMatch(/\d{4}-W\d{2}/);
    expect(html).toContain('>Week beginning 23 November 2026</option>');
    // Previous (older) and next (newer) stored weeks, by address.
    expect(html).toMatch(/href="\/dashboard\/leader\?la=805&amp;week=2026-W46"[^>]*>[\s\S]*?week beginning 9 November 2026/);
    expect(html).toMatch(/href="\/dashboard\/leader\?la=805&amp;week=2026-W48"[^>]*>[\s\S]*?week beginning 23 November 2026/);
  });

  it('puts the sections in the board order, the same as the mail', () => {
    const at = ['The 20-week figure', 'What changed since last week', 'Targets off track', 'The ten longest-overdue cases', 'The rest'].map(
      (h) => html.indexOf(`>${h}</h2>`),
    );
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('gives the 20-week figure this year, a year earlier and England, with no bar chart', () => {
    expect(html).not.toContain('<canvas');
    expect(text(html)).toContain('75.0% 12 months to 16 November 2026');
    expect(text(html)).toContain('66.7% 12 months to 17 November 2025');
    expect(text(html)).toContain('46.4% England, 2024 (published)');
  });

  it('says what turned red and improved in words with numbers', () => {
    const t = text(html);
    expect(t).toContain(
      'Turned red Speech and language therapy, % of children waiting under 18 weeks for first contact: 73.2%, red, was amber',
    );
    expect(t).toContain('EHC needs assessment, % of final plans issued within 20 weeks, excluding exceptions: 75.0%, amber, was red');
    expect(t).toContain('Overdue: at least one step past its limit: 4, down 2 on last week');
  });

  it('lists the targets off track with measure, unit, value, goal and how far off', () => {
    const lines = targetLines(input().figures!.targets, RULES);
    expect(lines.map((l) => l.status)).toEqual(['Red: off track by 10.8 points', 'Amber: off track by 3.0 points']);
    expect(lines[0]).toMatchObject({
      name: 'Speech and language therapy',
      measure: '% of children waiting under 18 weeks for first contact',
      value: '73.2%',
      goal: 'at least 84.0% now; 92.0% by 31 March 2027',
      tag: 'red',
    });
    expect(text(html)).toContain('2 of 3 targets are off track.');
    expect(html).not.toContain('slt-within-18-weeks');
  });

  it('lists the longest-overdue cases with the step in words and the owner, linked for those who may open a case', () => {
    expect(html).toContain('href="/dashboard/cases/805/EHC-2026-0003"');
    expect(text(html)).toContain('EHC-2026-0003 Advice (6 weeks) 37 weeks was due 2 March 2026 CW-805-01');
    expect(text(html)).toContain('EHC-2026-0009 Annual review meeting (review 2) 28 weeks was due 1 May 2026 Not assigned');
    const commissioner = render(input({ role: 'commissioner' }));
    expect(commissioner).not.toContain('href="/dashboard/cases/');
    expect(commissioner).not.toContain('href="/dashboard/caseworker');
    expect(commissioner).toContain('href="/dashboard/commissioner?la=805"');
    const csv = leaderTables(input())[0];
    expect(csv.id).toBe('overdue');
    expect(csv.rows).toHaveLength(2);
  });

  it('links to the rest', () => {
    for (const href of ['/dashboard/caseworker?la=805', '/dashboard/commissioner?la=805', '/dashboard/ehc-timeliness?la=805'])
      expect(html).toContain(`href="${href}"`);
  });

  it('says "no figure" where a week had none, never "n/a"', () => {
    const f = figures();
    f.snapshots.lastWeek = false;
    for (const x of f.sections.flatMap((sec) => sec.figures)) Object.assign(x, { lastWeek: null, change: null, lastWeekOf: null });
    const page = text(render(input({ figures: f })));
    expect(page).not.toContain('n/a');
    expect(page).toContain('No figures were available for the week beginning 9 November 2026, so changes are not shown.');
    expect(page).toMatch(/Open assessments 22 no figure no figure/);
  });

  it('says so when no summary is stored for the week', () => {
    const none = text(render(input({ week: '2026-W49', figures: null, weeks: ['2026-W49', '2026-W47'] })));
    expect(none).toContain('No summary has been stored for the week beginning 30 November 2026 yet.');
    expect(none).not.toMatch(/\d{4}-W\d{2}/);
  });

  it('still shows a summary stored before the headline and the longest overdue were kept', () => {
    const { headline: _h, overdueCases: _o, ...old } = figures();
    const page = text(render(input({ figures: old })));
    expect(page).toContain('This summary was stored before the 20-week headline was kept.');
    expect(page).toContain('This summary was stored before the longest-overdue cases were kept.');
    expect(page).toContain('Turned red');
    expect(leaderTables(input({ figures: old }))[0].rows).toEqual([]);
  });

  it('escapes hostile case references, owners, codes and names', () => {
    const hostile = render(input({ laName: HOSTILE, figures: figures(HOSTILE, HOSTILE, HOSTILE) }));
    expect(hostile).not.toContain(SCRIPT);
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).not.toContain("' onmouseover='");
    expect(hostile).not.toMatch(/>\s*49\s*</);
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(hostile).toContain('&#39; onmouseover=&#39;alert(3)');
    expect(hostile).toContain(TEMPLATE);
  });
});
