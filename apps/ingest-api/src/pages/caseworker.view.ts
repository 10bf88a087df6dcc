// The caseworker's lists: steps overdue, due in the next 14 days, and under an exception.
import { escapeHtml, type StaffMember } from '@app/compliance';
import { csvHref, renderTable, type Column, type TableSpec, type TableView } from './html-table';
import { exceptionName, pathwayName, stepLabel, TEAMS, teamName } from './labels';
import { DASHBOARD, layout, stat, withQuery } from './layout';
import { daysFrom, formatDate, plural } from './format';
import type { WorkItem, WorkList } from './pages.repository';
import { milestoneTag } from './status-tags';

export interface CaseworkerInput {
  la: string;
  laName: string | null;
  assignee?: string;
  team?: string;
  today: string;
  soonUntil: string;
  items: WorkItem[];
  /** Caseworkers of the LA, for the chooser. */
  staff: StaffMember[];
  truncated: boolean;
}

export const CASEWORKER_PATH = `${DASHBOARD}/caseworker`;
export const casePath = (la: string, caseRef: string) => `${DASHBOARD}/cases/${encodeURIComponent(la)}/${encodeURIComponent(caseRef)}`;

type Row = WorkItem & { la: string };

function columns(list: WorkList, today: string): Column<Row>[] {
  const cols: Column<Row>[] = [
    {
      key: 'caseRef',
      label: 'Case',
      value: (r) => r.caseRef,
      html: (r) => `<a class="mono" href="${escapeHtml(casePath(r.la, r.caseRef))}">${escapeHtml(r.caseRef)}</a>`,
    },
    { key: 'step', label: 'Step', value: (r) => stepLabel(r.kind, r.service) },
    { key: 'dueOn', label: 'Due', type: 'date', value: (r) => r.dueOn, text: (r) => formatDate(r.dueOn) },
  ];
  if (list === 'overdue') cols.push({ key: 'daysOverdue', label: 'Days overdue', type: 'number', value: (r) => daysFrom(r.dueOn, today) });
  if (list === 'due_soon') cols.push({ key: 'daysLeft', label: 'Days left', type: 'number', value: (r) => daysFrom(today, r.dueOn) });
  if (list === 'exempt') {
    cols.push({ key: 'exception', label: 'Exception', value: (r) => exceptionName(r.exceptionReason) });
    cols.push({
      key: 'state',
      label: 'Status',
      value: () => 'exempt',
      text: () => 'Exception applies',
      html: () => milestoneTag('exempt'),
    });
  }
  cols.push(
    { key: 'team', label: 'Team', value: (r) => r.team, text: (r) => teamName(r.team) },
    {
      key: 'heldBy',
      label: 'Step held by',
      value: (r) => r.assigneeRef ?? '',
      html: (r) => `<span class="mono">${escapeHtml(r.assigneeRef ?? '')}</span>`,
    },
    { key: 'openAlerts', label: 'Unacknowledged alerts', type: 'number', value: (r) => r.openAlerts },
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
];

export function caseworkerTables(i: CaseworkerInput): TableSpec<Row>[] {
  return LISTS.map((l) => ({
    id: l.id,
    caption: l.caption,
    note: l.note(i),
    empty: l.empty,
    columns: columns(l.list, i.today),
    rows: i.items.filter((it) => it.list === l.list).map((it) => ({ ...it, la: i.la })),
  }));
}

function chooser(i: CaseworkerInput): string {
  const caseworkers = i.staff.filter((s) => s.role === 'caseworker' || s.role === 'team_manager' || s.role === 'service');
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const staffLabel = (s: StaffMember) => `${s.staffRef} (${s.role === 'service' ? 'advice' : teamName(s.team)})`;
  const people = caseworkers.map((s) => option(s.staffRef, staffLabel(s), s.staffRef === i.assignee)).join('');
  const teams = TEAMS.map((t) => option(t, teamName(t), t === i.team)).join('');
  return `<form class="filters" method="get" action="${CASEWORKER_PATH}">
<input type="hidden" name="la" value="${escapeHtml(i.la)}">
<div class="field"><label for="assignee">Caseworker</label>
<select id="assignee" name="assignee">${option('', 'Everyone', !i.assignee)}${people}</select></div>
<div class="field"><label for="team">Team</label>
<select id="team" name="team">${option('', 'All teams', !i.team)}${teams}</select></div>
<button class="button" type="submit">Show cases</button>
</form>`;
}

export function caseworkerPage(i: CaseworkerInput, query: Record<string, string | undefined>, view: TableView): string {
  const tables = caseworkerTables(i);
  const count = (list: WorkList) => i.items.filter((it) => it.list === list).length;
  const who = i.assignee ? `Cases of ${i.assignee}` : i.team ? `${teamName(i.team)} team cases` : 'All open cases';
  const body = [
    `<p class="lead">${escapeHtml(who)}${i.team && i.assignee ? `, ${escapeHtml(teamName(i.team))} team` : ''}: ` +
      'what is overdue, what falls due in the next 14 days, and what an exception has paused, ' +
      `as of ${escapeHtml(formatDate(i.today))}.</p>`,
    chooser(i),
    '<div class="cards">' +
      stat(String(count('overdue')), 'steps overdue', count('overdue') ? 'red' : 'green') +
      stat(String(count('due_soon')), 'due in the next 14 days') +
      stat(String(count('exempt')), 'with an exception') +
      '</div>',
    i.truncated
      ? `<div class="inset">Only the first ${plural(i.items.length, 'step')} are listed; ` +
        'choose a caseworker or team to narrow the list.</div>'
      : '',
    ...tables.map((t) => renderTable(t, csvHref(CASEWORKER_PATH, query, t.id), view)),
    '<p class="hint">Each case reference opens the case: its timeline, its milestones against their due dates, and its alerts. ' +
      `${pathwayName('ehc_assessment')} steps follow the SEND Regulations 2014.</p>`,
  ].join('\n');
  return layout({ title: 'My cases', caption: `LA ${i.la}${i.laName ? ` ${i.laName}` : ''}`, la: i.la, active: 'caseworker', body });
}

export const caseworkerLink = (la: string, assignee?: string, team?: string) => withQuery(CASEWORKER_PATH, { la, assignee, team });
