import type { StaffMember } from '@app/compliance';
import { addDays } from '@app/rules';
import { caseworkerTables, caseworkerView, listsOf, workValuesWanted, workWords, type CaseworkerInput } from './caseworker.view';
import { daysFrom, formatDate } from './format';
import { filterNeedle, PAGE_SIZE } from './html-table';
import type { WorkItem, WorkList, WorkValues } from './pages.repository';
import { views } from './views';

// Strings a hostile or careless source could put in a page: markup, attribute breakers, and
// template syntax (which must come out as text, never be evaluated).
const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
const SINGLE = "' onmouseover='alert(3)";
const TEMPLATE = '{{ 7 * 7 }}{% if true %}evaluated{% endif %}';
const HOSTILE = `${SCRIPT}${ATTRIBUTE}${SINGLE}${TEMPLATE}`;

const chrome = { cspNonce: 'bm9uY2U=', signedIn: true, navigation: [{ text: 'My cases', href: '/dashboard/caseworker', current: true }] };

function item(n: number, over: Partial<WorkItem> = {}): WorkItem {
  return {
    list: 'overdue',
    caseRef: `EHC-${n}`,
    pathway: 'ehc_assessment',
    milestoneKey: 'final_plan',
    kind: 'final_plan',
    service: null,
    clockFrom: '2026-01-01',
    dueOn: '2026-05-20',
    exceptionReason: null,
    assigneeRef: `CW-${n % 3}`,
    caseworkerRef: `CW-${n % 3}`,
    team: 'assessment',
    openAlerts: n % 2,
    ...over,
  };
}

const staff: StaffMember[] = [
  { la: '805', staffRef: HOSTILE, role: 'caseworker', team: 'slt', service: null, email: 'x@example.test' },
  { la: '805', staffRef: 'CW-1', role: 'caseworker', team: 'assessment', service: null, email: 'y@example.test' },
  { la: '805', staffRef: 'LEAD-1', role: 'leader', team: 'leadership', service: null, email: 'z@example.test' },
];

const input = (over: Partial<CaseworkerInput> = {}): CaseworkerInput => ({
  la: '805',
  laName: 'Hartlepool',
  today: '2026-11-30',
  soonUntil: '2026-12-14',
  lists: listsOf([]),
  counts: { overdue: 0, due_soon: 0, exempt: 0, target_passed: 0 },
  staff,
  ...over,
});

const render = (i: CaseworkerInput, view = {}) => views.render('caseworker.njk', { ...chrome, ...caseworkerView(i, view) });

describe('the caseworker page', () => {
  it('escapes what the database and the address give it: references, names, the filter typed', () => {
    const i = input({
      laName: HOSTILE,
      assignee: HOSTILE,
      lists: listsOf([item(1, { caseRef: HOSTILE, assigneeRef: HOSTILE, exceptionReason: HOSTILE, list: 'exempt', kind: HOSTILE })]),
      counts: { overdue: 0, due_soon: 0, exempt: 1, target_passed: 0 },
    });
    const html = render(i, { q: HOSTILE });
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain("' onmouseover='");
    expect(html).not.toMatch(/>\s*49\s*</);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&#39; onmouseover=&#39;alert(3)');
    expect(html).toContain(TEMPLATE);
    // The one row matches nothing typed, yet the hostile reference is in the chooser, escaped.
    expect(html).toContain(`<option value="${'&lt;script&gt;'}`);
  });

  it('counts every matching step from the database, not the 50 rows shown, and pages the tables', () => {
    const items = [
      ...Array.from({ length: 120 }, (_, n) => item(n)),
      ...Array.from({ length: 7 }, (_, n) => item(200 + n, { list: 'due_soon', dueOn: '2026-12-03' })),
    ];
    const view = caseworkerView(input({ lists: listsOf(items), counts: { overdue: 120, due_soon: 7, exempt: 0, target_passed: 0 } }), {});
    expect(view.stats.map((s) => s.value)).toEqual(['120', '7', '0']);
    expect(view.stats[0].tone).toBe('red');
    const [overdue, soon, exempt] = view.tables;
    expect([overdue.total, overdue.rows.length, overdue.pagination?.items.length]).toEqual([120, PAGE_SIZE, 3]);
    expect(overdue.pagination?.next?.href).toBe('/dashboard/caseworker?la=805&table=overdue&page=2#overdue-heading');
    expect(soon.rows[0].cells.map((c) => c.cell.text)).toEqual([
      'EHC-200',
      'Final plan (20 weeks)',
      '3 Dec 2026',
      '3',
      'Assessment',
      'CW-2',
      '0',
    ]);
    expect(exempt.total).toBe(0);
    const html = views.render('caseworker.njk', { ...chrome, ...view });
    expect(html).toContain('Rows 1 to 50 of 120.');
    expect(html).toContain('Rows 1 to 7 of 7.');
    expect(html).toContain('No open step has an exception.');
  });

  it('offers caseworkers, not leaders, in the chooser; "All teams" is a choice of its own', () => {
    const view = caseworkerView(input({ team: 'all' }), {});
    expect(view.chooser.assignee.items.map((i) => i.value)).toEqual(['', HOSTILE, 'CW-1']);
    expect(view.chooser.team.items.find((i) => i.selected)).toEqual({ value: 'all', text: 'All teams', selected: true });
    expect(view.lead).toMatch(/^All open cases:/);
    const team = caseworkerView(input({ team: 'nd', assignee: 'CW-1' }), {});
    expect(team.lead).toMatch(/^Cases of CW-1, Neurodevelopmental team:/);
    expect(team.tables[0].filter.hidden).toEqual(
      expect.arrayContaining([
        { name: 'team', value: 'nd' },
        { name: 'assignee', value: 'CW-1' },
      ]),
    );
  });

  it('shows no codes: steps, teams, exceptions and the unassigned in words', () => {
    const [, , exempt] = caseworkerTables(
      input({
        lists: listsOf([
          item(1, { list: 'exempt', exceptionReason: 'school_closure', assigneeRef: null, team: 'nd', service: 'slt', kind: 'advice' }),
        ]),
      }),
    );
    const row = exempt.rows[0];
    expect(exempt.columns.map((c) => (c.text ? c.text(row) : String(c.value(row))))).toEqual([
      'EHC-1',
      'Advice (6 weeks): Speech and language therapy',
      '20 May 2026',
      'School or college closure',
      'Neurodevelopmental',
      'Not assigned',
      '1',
    ]);
  });
});

describe("the values a list's filter needs read", () => {
  const today = '2026-12-03';
  const values: WorkValues = {
    dueOn: Array.from({ length: 400 }, (_, n) => addDays(today, n - 370)),
    alerts: [1, 2, 3, 7, 12, 40],
  };
  const LISTS: WorkList[] = ['overdue', 'due_soon', 'exempt', 'target_passed'];

  // What a person might type: every part of one to five characters of a date, day count or alert
  // count as a page shows it that holds no digit (those with one read every value), a few that do,
  // and words found in no date or count.
  const needles = () => {
    const shown = [
      ...values.dueOn.map(formatDate),
      ...values.dueOn.map((dueOn) => String(daysFrom(dueOn, today))),
      ...values.dueOn.map((dueOn) => String(daysFrom(today, dueOn))),
      ...values.alerts.map(String),
    ];
    const parts = new Set<string>(['speech', 'not assigned', 'final plan', 'n/a', 'days', '5 jan', '2026', '12', '0']);
    for (const text of new Set(shown.map((t) => t.replace(/\d/g, '1'))))
      for (let length = 1; length <= 5; length++)
        for (let from = 0; from + length <= text.length; from++) {
          const part = filterNeedle(text.slice(from, from + length));
          if (!/\d/.test(part)) parts.add(part);
        }
    return [...parts].filter(Boolean);
  };

  it('skips only what no value could match: the words found equal those over every value', () => {
    let skipped = 0;
    for (const needle of needles())
      for (const list of LISTS) {
        const wanted = workValuesWanted(list, needle, today);
        const read: WorkValues = { dueOn: wanted.dueOn ? values.dueOn : [], alerts: wanted.alerts ? values.alerts : [] };
        const words = workWords(list, needle, today, read);
        const everyValue = workWords(list, needle, today, values);
        if (JSON.stringify(words) !== JSON.stringify(everyValue))
          expect({ list, needle, words }).toEqual({ list, needle, words: everyValue });
        skipped += Number(!wanted.dueOn) + Number(!wanted.alerts);
      }
    expect(skipped).toBeGreaterThan(needles().length); // of two kinds in four lists
  });

  it('reads neither for words of a step, the dates for a month, both for a number', () => {
    expect(workValuesWanted('overdue', 'speech', today)).toEqual({ dueOn: false, alerts: false });
    expect(workValuesWanted('overdue', 'jan', today)).toEqual({ dueOn: true, alerts: false });
    expect(workValuesWanted('due_soon', '-', today)).toEqual({ dueOn: true, alerts: false });
    expect(workValuesWanted('exempt', '-', today)).toEqual({ dueOn: false, alerts: false });
    expect(workValuesWanted('exempt', '12', today)).toEqual({ dueOn: true, alerts: true });
  });
});
