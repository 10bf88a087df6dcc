// The caseworker's lists (views/caseworker.njk): steps overdue, due in the next 14 days, and under
// an exception, for one caseworker, one team or everyone, 50 rows a page with counts over every row.
import type { AtRiskAssessment, StaffMember } from '@app/compliance';
import { daysFrom, formatDate } from './format';
import { cellMatches, compareValues, tableModel, type Column, type TableModel, type TableSpec, type TableView } from './html-table';
import { exceptionName, pathwayName, stepLabel, TEAMS, teamName, teamOf as teamOfPathway } from '@app/compliance';
import { ADVICE_SERVICES, EXCEPTION_REASONS, MILESTONE_KINDS, PATHWAYS, REPORTED_EXCEPTION, type Pathway } from '@app/rules';
import { DASHBOARD, withQuery } from './page-access';
import { laCaption, type PageModel } from './page-render';
import type { WorkItem, WorkList, WorkOrder, WorkValues, WorkWords } from './pages.repository';

/** The team chooser's value for "every team" (an empty choice would fall back to the person's default). */
export const ALL_TEAMS = 'all';

/** A list's rows for its table: every step, one page (`paged`) of `matching`, or those a filter may match (`narrowed`) of `total`. */
export interface ListRows {
  rows: WorkItem[];
  paged?: { offset: number; matching: number };
  narrowed?: { total: number };
}

export interface CaseworkerInput {
  la: string;
  laName: string | null;
  assignee?: string;
  /** A team, or ALL_TEAMS when everyone's was chosen. */
  team?: string;
  today: string;
  soonUntil: string;
  /** Each list's steps: every one, or the view's page of them as the database sorted it. */
  lists: Record<WorkList, ListRows>;
  /** Steps in each list, counted in the database for the same filter. */
  counts: Record<WorkList, number>;
  /** Staff of the LA, for the chooser. */
  staff: StaffMember[];
  /** Open assessments likely to miss 20 weeks, most at risk first, for the same people (absent: no list). */
  atRisk?: AtRiskAssessment[];
}

/** 0.72 as "7 in 10 chance of missing 20 weeks"; a chance under 1 in 20 as "less than 1 in 10". */
export function chanceWords(p: number): string {
  const tenths = Math.round(p * 10);
  return tenths === 0 ? 'Less than 1 in 10 chance of missing 20 weeks' : `${tenths} in 10 chance of missing 20 weeks`;
}

const STAGE_WORDS: Record<string, string> = {
  awaiting_decision: 'Awaiting the decision to assess',
  gathering_advice: 'Gathering advice',
  drafting: 'Drafting the plan',
  draft_issued: 'Draft plan issued',
};

function atRiskTable(i: CaseworkerInput, rows: AtRiskAssessment[]): TableSpec<AtRiskAssessment> {
  return {
    id: 'at-risk',
    caption: 'At risk of missing 20 weeks',
    note:
      `Open EHC needs assessments not yet overdue whose chance of a final plan after 20 weeks is high, most at risk first, ` +
      `from how long this LA's assessments took at the same stage over the last year (as of ${formatDate(i.today)}).`,
    empty: 'No open assessment is at risk of missing 20 weeks.',
    columns: [
      {
        key: 'caseRef',
        label: 'Case',
        value: (r) => r.caseRef,
        cell: (r) => ({ text: r.caseRef, href: casePath(i.la, r.caseRef), mono: true }),
      },
      {
        key: 'chance',
        label: 'Chance of missing 20 weeks',
        type: 'number',
        value: (r) => Math.round(100 * r.missProbability),
        text: (r) => chanceWords(r.missProbability),
      },
      { key: 'stage', label: 'Stage', value: (r) => r.stage, text: (r) => STAGE_WORDS[r.stage] ?? r.stage },
      { key: 'dueOn', label: '20 weeks on', type: 'date', value: (r) => r.dueOn, text: (r) => formatDate(r.dueOn) },
      {
        key: 'expectedFinalOn',
        label: 'Final plan expected',
        type: 'date',
        value: (r) => r.expectedFinalOn,
        text: (r) => (r.expectedFinalOn ? formatDate(r.expectedFinalOn) : 'No plan expected'),
      },
      { key: 'team', label: 'Team', value: (r) => r.team, text: (r) => teamName(r.team) },
      {
        key: 'heldBy',
        label: 'Held by',
        value: (r) => r.assigneeRef ?? '',
        text: (r) => r.assigneeRef ?? 'Not assigned',
        cell: (r) => (r.assigneeRef ? { text: r.assigneeRef, mono: true } : { text: 'Not assigned' }),
      },
    ],
    rows,
  };
}

export const CASEWORKER_PATH = `${DASHBOARD}/caseworker`;
export const casePath = (la: string, caseRef: string) => `${DASHBOARD}/cases/${encodeURIComponent(la)}/${encodeURIComponent(caseRef)}`;

type Row = WorkItem & { la: string };

const teamOf = (i: Pick<CaseworkerInput, 'team'>) => (i.team && i.team !== ALL_TEAMS ? i.team : undefined);

function columns(list: WorkList, today: string): Column<Row>[] {
  const cols: Column<Row>[] = [
    {
      key: 'caseRef',
      label: 'Case',
      value: (r) => r.caseRef,
      cell: (r) => ({ text: r.caseRef, href: casePath(r.la, r.caseRef), mono: true }),
    },
    { key: 'step', label: 'Step', value: (r) => stepLabel(r.kind, r.service) },
    { key: 'dueOn', label: 'Due', type: 'date', value: (r) => r.dueOn, text: (r) => formatDate(r.dueOn) },
  ];
  if (list === 'overdue' || list === 'target_passed')
    cols.push({ key: 'daysOverdue', label: 'Days overdue', type: 'number', value: (r) => daysFrom(r.dueOn, today) });
  if (list === 'due_soon') cols.push({ key: 'daysLeft', label: 'Days left', type: 'number', value: (r) => daysFrom(today, r.dueOn) });
  if (list === 'exempt') cols.push({ key: 'exception', label: 'Exception', value: (r) => exceptionName(r.exceptionReason) });
  cols.push(
    { key: 'team', label: 'Team', value: (r) => r.team, text: (r) => teamName(r.team) },
    {
      key: 'heldBy',
      label: 'Held by',
      value: (r) => r.assigneeRef ?? '',
      text: (r) => r.assigneeRef ?? 'Not assigned',
      cell: (r) => (r.assigneeRef ? { text: r.assigneeRef, mono: true } : { text: 'Not assigned' }),
    },
    { key: 'openAlerts', label: 'Alerts to acknowledge', type: 'number', value: (r) => r.openAlerts },
  );
  return cols;
}

const LISTS: { list: WorkList; id: string; caption: string; empty: string; note: (i: CaseworkerInput) => string }[] = [
  {
    list: 'overdue',
    id: 'overdue',
    caption: 'Overdue',
    empty: 'Nothing is overdue.',
    note: (i) => `Open steps whose due date was before ${formatDate(i.today)}.`,
  },
  {
    list: 'due_soon',
    id: 'due-soon',
    caption: 'Due in the next 14 days',
    empty: 'Nothing falls due in the next 14 days.',
    note: (i) => `Due from ${formatDate(i.today)} to ${formatDate(i.soonUntil)}.`,
  },
  {
    list: 'exempt',
    id: 'exempt',
    caption: 'Exception applies (still to be done without delay)',
    empty: 'No open step has an exception.',
    note: () => 'An exception lifts the time limit; the work still has to be finished.',
  },
  {
    list: 'target_passed',
    id: 'target-passed',
    caption: 'Internal targets passed (not statutory limits)',
    empty: 'No internal target has passed.',
    note: () =>
      'The draft plan by week 16 is a local target that leaves the family 15 days on the draft before week 20 (Code of Practice 9.77); ' +
      'no regulation sets it, so it is never counted as overdue.',
  },
];

/** Every listed step, on its list. */
export function listsOf(items: WorkItem[]): Record<WorkList, ListRows> {
  const lists: Record<WorkList, ListRows> = {
    overdue: { rows: [] },
    due_soon: { rows: [] },
    exempt: { rows: [] },
    target_passed: { rows: [] },
  };
  for (const it of items) lists[it.list].rows.push(it);
  return lists;
}

/** How many steps each list holds, when it holds every one. */
export function countsOf(lists: Record<WorkList, ListRows>): Record<WorkList, number> {
  return {
    overdue: lists.overdue.rows.length,
    due_soon: lists.due_soon.rows.length,
    exempt: lists.exempt.rows.length,
    target_passed: lists.target_passed.rows.length,
  };
}

/** Each list and the id of its table (the view's `table`). */
export const LIST_TABLES = LISTS.map((l) => ({ list: l.list, id: l.id }));

/**
 * The database's order for a page of `list` sorted by the view's column, as rowsShown sorts that
 * column's values: dates and references directly, words by the rank of the codes they are made of
 * (ranked here with the column's own words and rowsShown's comparison). No such column: the lists'
 * own order, as rowsShown leaves it.
 */
export function workOrder(list: WorkList, view: TableView, today: string): WorkOrder {
  const column = columns(list, today).find((c) => c.key === view.sort);
  if (!column) return { by: 'due', desc: false };
  const desc = view.dir === 'desc';
  const direct = DIRECT_ORDERS[column.key];
  if (direct) return { by: direct.by, desc: desc !== Boolean(direct.reversed) };
  const ranked = RANKED_ORDERS[column.key];
  if (!ranked) throw new Error(`column ${column.key} of the ${list} list has no order in the database`);
  const values = ranked.codes.map((code) => column.value({ ...BLANK_ROW, ...ranked.row(code) }));
  const sorted = [...new Set(values.map(String))].sort((a, b) => compareValues(a, b, column.type ?? 'text'));
  return { by: ranked.by, codes: ranked.codes, ranks: values.map((v) => sorted.indexOf(String(v))), desc };
}

/**
 * Where a filter's `needle` may be in `list`'s rows, found with each column's own words over the
 * values its step's column can take: every code, and the due dates and alert counts the lists hold
 * (`values`). The database reads only those steps, and the filter still runs over them (rowsShown),
 * so what it shows is what it would show over every step. A column the database cannot look in
 * throws, as it does for an order.
 */
export function workWords(list: WorkList, needle: string, today: string, values: WorkValues): WorkWords {
  const words: WorkWords = { needle, unassigned: false, dueOn: [], codes: { step: [], exception: [], pathway: [] }, alerts: [] };
  const matching = <T>(column: Column<Row>, held: T[], row: (value: T) => Partial<Row>) =>
    held.filter((value) => cellMatches(column, { ...BLANK_ROW, ...row(value) }, needle));
  for (const column of columns(list, today)) {
    const ranked = RANKED_ORDERS[column.key];
    const by = DIRECT_ORDERS[column.key]?.by;
    if (ranked) words.codes[ranked.by].push(...matching(column, ranked.codes, ranked.row));
    else if (by === 'due') words.dueOn.push(...matching(column, values.dueOn, dueRow));
    else if (by === 'alerts') words.alerts.push(...matching(column, [0, ...values.alerts], alertsRow));
    else if (by === 'holder')
      words.unassigned ||= cellMatches(column, BLANK_ROW, needle); // the blank row holds no one
    else if (by !== 'case') throw new Error(`column ${column.key} of the ${list} list cannot be filtered in the database`);
  }
  return { ...words, dueOn: [...new Set(words.dueOn)] };
}

const dueRow = (dueOn: string): Partial<Row> => ({ dueOn });
const alertsRow = (openAlerts: number): Partial<Row> => ({ openAlerts });

/**
 * Which values workWords needs read for `needle` in `list`. A needle with no digit can be in a date
 * or a count only within the part of its text that holds none (" jan " of "5 Jan 2026"), and the
 * first of each month, long past and far ahead, shows every such part these columns have (each
 * month, a day count's sign): when none holds it, no value can, and "speech" reads neither.
 */
export function workValuesWanted(list: WorkList, needle: string, today: string): Record<keyof WorkValues, boolean> {
  const digits = /\d/.test(needle);
  const mayHold = (column: Column<Row>, samples: Partial<Row>[]) =>
    digits || samples.some((row) => cellMatches(column, { ...BLANK_ROW, ...row }, needle));
  const wanted = { dueOn: false, alerts: false };
  for (const column of columns(list, today)) {
    const by = DIRECT_ORDERS[column.key]?.by;
    if (by === 'due') wanted.dueOn ||= mayHold(column, DIGITLESS_DUE);
    else if (by === 'alerts') wanted.alerts ||= mayHold(column, [alertsRow(0)]);
  }
  return wanted;
}

const DIGITLESS_DUE = ['1900', '2200'].flatMap((year) =>
  Array.from({ length: 12 }, (_, m) => dueRow(`${year}-${String(m + 1).padStart(2, '0')}-01`)),
);

/** Columns whose order is a step's own column: days overdue grow as the due date goes back. */
const DIRECT_ORDERS: Record<string, { by: 'due' | 'case' | 'holder' | 'alerts'; reversed?: boolean }> = {
  caseRef: { by: 'case' },
  dueOn: { by: 'due' },
  daysLeft: { by: 'due' },
  daysOverdue: { by: 'due', reversed: true },
  heldBy: { by: 'holder' },
  openAlerts: { by: 'alerts' },
};

/** Columns of words, by the codes they are made of (a step: its kind and service). */
const RANKED_ORDERS: Record<string, { by: 'step' | 'exception' | 'pathway'; codes: string[]; row: (code: string) => Partial<Row> }> = {
  step: {
    by: 'step',
    codes: MILESTONE_KINDS.flatMap((kind) => ['', ...ADVICE_SERVICES].map((service) => `${kind}|${service}`)),
    row: (code) => ({ kind: code.split('|')[0], service: code.split('|')[1] || null }),
  },
  exception: { by: 'exception', codes: ['', ...EXCEPTION_REASONS, REPORTED_EXCEPTION], row: (code) => ({ exceptionReason: code || null }) },
  team: { by: 'pathway', codes: [...PATHWAYS], row: (code) => ({ team: teamOfPathway(code as Pathway) }) },
};

const BLANK_ROW: Row = {
  la: '',
  list: 'overdue',
  caseRef: '',
  pathway: '',
  milestoneKey: '',
  kind: '',
  service: null,
  clockFrom: '',
  dueOn: '',
  exceptionReason: null,
  assigneeRef: null,
  caseworkerRef: null,
  team: '',
  openAlerts: 0,
};

/** The at-risk list (when given) before the overdue one, then the rest. */
export function caseworkerTables(i: CaseworkerInput): TableSpec<unknown>[] {
  const lists: TableSpec<unknown>[] = LISTS.map((l) => ({
    id: l.id,
    caption: l.caption,
    note: l.note(i),
    empty: l.empty,
    columns: columns(l.list, i.today),
    rows: i.lists[l.list].rows.map((it) => ({ ...it, la: i.la })),
    paged: i.lists[l.list].paged,
    narrowed: i.lists[l.list].narrowed,
  }));
  return i.atRisk ? [atRiskTable(i, i.atRisk), ...lists] : lists;
}

interface SelectItem {
  value: string;
  text: string;
  selected: boolean;
}

export interface CaseworkerView extends PageModel {
  lead: string;
  chooser: {
    action: string;
    la: string;
    /** govukSelect's params. */
    assignee: { id: string; name: string; label: { text: string }; items: SelectItem[]; classes: string };
    team: { id: string; name: string; label: { text: string }; items: SelectItem[]; classes: string };
  };
  stats: { value: string; label: string; tone?: 'red' | 'green'; href: string; linkText: string }[];
  tables: TableModel[];
  hint: string;
}

const staffLabel = (s: StaffMember) => `${s.staffRef} (${s.role === 'service' ? 'advice' : teamName(s.team)})`;

/** Whose cases these are, in words. */
function whose(i: CaseworkerInput): string {
  const team = teamOf(i);
  if (i.assignee) return `Cases of ${i.assignee}${team ? `, ${teamName(team)} team` : ''}`;
  if (team) return `${teamName(team)} team cases`;
  return 'All open cases';
}

export function caseworkerView(i: CaseworkerInput, view: TableView): CaseworkerView {
  const team = teamOf(i);
  const people = i.staff.filter((s) => s.role === 'caseworker' || s.role === 'team_manager' || s.role === 'service');
  const place = { path: CASEWORKER_PATH, query: { la: i.la, assignee: i.assignee, team: i.team } };
  const count = (list: WorkList) => i.counts[list];
  return {
    pageTitle: 'My cases',
    caption: laCaption(i.la, i.laName),
    la: i.la,
    lead:
      `${whose(i)}: ${i.atRisk ? 'what is at risk, ' : ''}what is overdue, what falls due in the next 14 days, ` +
      'and what an exception has paused, ' +
      `as of ${formatDate(i.today)}.`,
    chooser: {
      action: CASEWORKER_PATH,
      la: i.la,
      assignee: {
        id: 'assignee',
        name: 'assignee',
        label: { text: 'Caseworker' },
        classes: 'app-select',
        items: [
          { value: '', text: 'Everyone', selected: !i.assignee },
          ...people.map((s) => ({ value: s.staffRef, text: staffLabel(s), selected: s.staffRef === i.assignee })),
        ],
      },
      team: {
        id: 'team',
        name: 'team',
        label: { text: 'Team' },
        classes: 'app-select',
        items: [
          { value: ALL_TEAMS, text: 'All teams', selected: !team },
          ...TEAMS.map((t) => ({ value: t, text: teamName(t), selected: t === team })),
        ],
      },
    },
    stats: [
      {
        value: String(count('overdue')),
        label: count('overdue') === 1 ? 'step overdue' : 'steps overdue',
        tone: count('overdue') ? 'red' : 'green',
        href: '#overdue-heading',
        linkText: 'See the overdue steps',
      },
      { value: String(count('due_soon')), label: 'due in the next 14 days', href: '#due-soon-heading', linkText: 'See the steps due soon' },
      { value: String(count('exempt')), label: 'with an exception', href: '#exempt-heading', linkText: 'See the steps with an exception' },
      ...(i.atRisk
        ? [
            {
              value: String(i.atRisk.length),
              label: i.atRisk.length === 1 ? 'assessment at risk of missing 20 weeks' : 'assessments at risk of missing 20 weeks',
              tone: i.atRisk.length ? ('red' as const) : ('green' as const),
              href: '#at-risk-heading',
              linkText: 'See the assessments at risk',
            },
          ]
        : []),
    ],
    tables: caseworkerTables(i).map((t) => tableModel(t, place, view)),
    hint:
      'Each case reference opens the case: its timeline, its milestones against their due dates, and its alerts. ' +
      `${pathwayName('ehc_assessment')} steps follow the SEND Regulations 2014.`,
  };
}

export const caseworkerLink = (la: string, assignee?: string, team?: string) => withQuery(CASEWORKER_PATH, { la, assignee, team });
