// The leaders' weekly summary as a board page (views/leader.njk): the 20-week figure against a
// year earlier and England, what turned red or improved since last week, the targets off track,
// the ten longest-overdue cases, and links to the rest. The words are the stored summary's board
// (weeklyBoard in @app/compliance), so the page and the Monday mail say the same in the same order.
import type { Role } from '@app/access';
import {
  type BoardForecast,
  formatChange,
  formatValue,
  longDate,
  OVERDUE_NOT_KEPT,
  orNoFigure,
  mondayOf,
  parseIsoWeek,
  targetWords,
  weekBeginning,
  weeklyBoard,
  type BoardChanges,
  type BoardHeadline,
  type BoardRules,
  type OverdueWords,
  type TargetFigure,
  type WeeklyFigures,
} from '@app/compliance';
import { formatInstant } from './format';
import type { TableSpec, TagColour } from './html-table';
import { stepLabel } from '@app/compliance';
import { DASHBOARD, mayOpen, withQuery } from './page-access';
import { laCaption, renderPage, type PageModel } from './page-render';

export const LEADER_PATH = `${DASHBOARD}/leader`;

export interface LeaderInput {
  la: string;
  laName: string | null;
  week: string | null;
  /** Weeks with a stored summary, newest first (and the week asked for). */
  weeks: string[];
  figures: WeeklyFigures | null;
  createdAt?: Date;
  emailedAt?: Date | null;
  rules: BoardRules;
  /** Who is looking: links are offered only to pages they may open. */
  role?: Role;
}

/** A target in words, as the commissioner page's target lines read (swap for pages/target-view.ts when it lands). */
export interface TargetLineView {
  name: string;
  measure: string;
  value: string;
  goal: string;
  status: string;
  tag: TagColour;
}

const RAG_COLOUR: Record<string, TagColour> = { red: 'red', amber: 'orange', green: 'green' };

/** The targets off track (red first, then amber), in words. */
export function targetLines(targets: TargetFigure[], rules: BoardRules): TargetLineView[] {
  return targets
    .filter((t) => t.status === 'red' || t.status === 'amber')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'red' ? -1 : 1))
    .map((t) => {
      const w = targetWords(t, rules);
      return { name: w.name, measure: w.measure, value: w.value, goal: w.goal, status: w.status, tag: RAG_COLOUR[t.status!] };
    });
}

interface OverdueRow extends OverdueWords {
  href?: string;
}

export interface LeaderView extends PageModel {
  la: string;
  lead: string;
  built: string;
  /** govukSelect's params for the week, and the form's hidden LA. */
  weekChoice?: object;
  previous?: { href: string; labelText: string };
  next?: { href: string; labelText: string };
  notes: string[];
  /** Set when no summary is stored for the week. */
  missing?: string;
  /** Where the year is heading (absent: a summary stored before forecasts). */
  forecast?: (BoardForecast & { tableRows: { text: string }[][] }) | null;
  headline?: {
    stats: { value: string; label: string }[];
    summary: string;
    table: { head: { text: string }[]; rows: { text: string }[][] };
  };
  changes?: BoardChanges & { nothing: boolean };
  targets?: { total: number; lines: TargetLineView[]; amberRule: string; href?: string };
  /** rows null: a summary stored before the list was kept (notKept says so). */
  overdue?: { rows: OverdueRow[] | null; notKept: string; csvHref: string };
  links: { href: string; text: string; hint: string }[];
  figures?: { title: string; rows: { text: string }[][] }[];
}

export const casePagePath = (la: string, caseRef: string): string =>
  `${DASHBOARD}/cases/${encodeURIComponent(la)}/${encodeURIComponent(caseRef)}`;

const mondayText = (week: string): string => {
  const parsed = parseIsoWeek(week);
  return parsed ? weekBeginning(mondayOf(parsed)) : week;
};
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function headlineView(h: BoardHeadline | null, f: WeeklyFigures): LeaderView['headline'] {
  if (!h || !f.headline) return undefined;
  const pct = (p: number | null | undefined) => (p === null || p === undefined ? 'No figure' : `${p.toFixed(1)}%`);
  return {
    stats: [
      { value: pct(f.headline.thisYear.excluding?.percent), label: h.columns.thisYear },
      { value: pct(f.headline.lastYear.excluding?.percent), label: h.columns.lastYear },
      { value: pct(f.headline.england?.excluding), label: h.columns.england },
    ],
    summary: h.summary,
    table: {
      head: [
        { text: 'Final plans within 20 weeks' },
        { text: h.columns.thisYear },
        { text: h.columns.lastYear },
        { text: h.columns.england },
      ],
      rows: h.rows.map((r) => [{ text: r.label }, { text: r.thisYear }, { text: r.lastYear }, { text: r.england }]),
    },
  };
}

function links(i: LeaderInput): LeaderView['links'] {
  const at = (page: string) => withQuery(`${DASHBOARD}/${page}`, { la: i.la });
  const out: LeaderView['links'] = [];
  if (mayOpen(i.role, 'caseworker'))
    out.push({
      href: at('caseworker'),
      text: 'Caseworker lists',
      hint: 'Every overdue step, what falls due soon and what has an exception, by team and caseworker.',
    });
  if (mayOpen(i.role, 'commissioner'))
    out.push({
      href: at('commissioner'),
      text: 'Waiting lists',
      hint: 'Waits for speech and language therapy and neurodevelopmental assessment, against their targets.',
    });
  out.push({
    href: at('ehc-timeliness'),
    text: 'EHC timeliness',
    hint: 'Final plans within 20 weeks month by month, and by primary need.',
  });
  if (i.week) {
    const summary = (format: string) => withQuery('/v1/summaries/weekly', { la: i.la, week: i.week!, format });
    out.push({ href: summary('html'), text: 'This summary as mailed', hint: 'The mail leaders received, with every figure of the week.' });
    out.push({
      href: summary('csv'),
      text: 'This summary as a CSV file',
      hint: 'Every figure, target and the cases behind each overdue count.',
    });
  }
  return out;
}

/** The figures behind the board, one small table a section (inside "Every figure this week"). */
function figureTables(f: WeeklyFigures): LeaderView['figures'] {
  return f.sections.map((s) => ({
    title: s.title,
    rows: s.figures.map((x) => [
      { text: x.label },
      { text: orNoFigure(formatValue(x.thisWeek, x.unit, x.thisWeekOf)) },
      { text: orNoFigure(formatValue(x.lastWeek, x.unit, x.lastWeekOf)) },
      { text: orNoFigure(formatChange(x.change, x.unit, x.better)) },
    ]),
  }));
}

function overdueRows(i: LeaderInput, rows: OverdueWords[]): OverdueRow[] {
  const linked = mayOpen(i.role, 'case');
  return rows.map((o) => ({
    ...o,
    step: stepLabel(o.kind, o.service, o.cycle),
    ...(linked ? { href: casePagePath(i.la, o.caseRef) } : {}),
  }));
}

/** The CSV behind the longest-overdue table (?format=csv&table=overdue). */
export function leaderTables(i: LeaderInput): TableSpec<unknown>[] {
  if (!i.figures) return [];
  const rows = overdueRows(i, weeklyBoard(i.figures, i.rules).overdue ?? []);
  const spec: TableSpec<OverdueRow> = {
    id: 'overdue',
    caption: 'The ten longest-overdue cases',
    empty: 'No open case has an overdue step.',
    columns: [
      { key: 'case', label: 'Case', value: (r) => r.caseRef },
      { key: 'step', label: 'Step', value: (r) => r.step },
      { key: 'dueOn', label: 'Was due', type: 'date', value: (r) => r.dueOn },
      { key: 'daysOverdue', label: 'Days overdue', type: 'number', value: (r) => r.daysOverdue },
      { key: 'owner', label: 'Owner', value: (r) => r.owner },
    ],
    rows,
  };
  return [spec as TableSpec<unknown>];
}

export function leaderView(i: LeaderInput): LeaderView {
  const caption = laCaption(i.la, i.laName);
  const at = (week: string) => withQuery(LEADER_PATH, { la: i.la, week });
  const pos = i.week ? i.weeks.indexOf(i.week) : -1;
  const older = pos >= 0 ? i.weeks[pos + 1] : undefined;
  const newer = pos > 0 ? i.weeks[pos - 1] : undefined;
  const base = {
    caption,
    la: i.la,
    weekChoice:
      i.weeks.length > 1
        ? {
            id: 'week',
            name: 'week',
            label: { text: 'Show another week' },
            items: i.weeks.map((w) => ({ value: w, text: capital(mondayText(w)), selected: w === i.week })),
          }
        : undefined,
    ...(older ? { previous: { href: at(older), labelText: mondayText(older) } } : {}),
    ...(newer ? { next: { href: at(newer), labelText: mondayText(newer) } } : {}),
    links: links(i),
  };
  if (!i.figures || !i.week) {
    return {
      ...base,
      pageTitle: 'Weekly summary',
      lead: i.week ? `No summary has been stored for the ${mondayText(i.week)} yet.` : 'No weekly summary has been stored yet.',
      built: '',
      notes: [],
      missing: 'The summary is built and mailed to leaders every Monday at 7am, from the figures as of that Monday.',
      links: base.links.filter((l) => !l.href.startsWith('/v1/')),
    };
  }
  const f = i.figures;
  const board = weeklyBoard(f, i.rules, i.laName);
  const c = board.changes;
  return {
    ...base,
    pageTitle: `Weekly summary: ${board.weekBeginning}`,
    lead: `Figures as of Monday ${longDate(f.weekStart)}, compared with the ${board.lastWeekBeginning}.`,
    built:
      `Built ${formatInstant(i.createdAt ?? null)}` +
      (i.emailedAt ? `; mailed to leaders ${formatInstant(i.emailedAt)}.` : '; not yet mailed.'),
    notes: board.notes,
    headline: headlineView(board.headline, f),
    forecast: board.forecast && {
      ...board.forecast,
      tableRows: board.forecast.rows.map((r) => [{ text: r.label }, { text: r.projected }, { text: r.published }]),
    },
    changes: { ...c, nothing: !c.turnedRed.length && !c.worse.length && !c.improved.length },
    targets: {
      total: board.targets.total,
      lines: targetLines(f.targets, i.rules),
      amberRule: board.targets.amberRule,
      ...(mayOpen(i.role, 'commissioner') ? { href: withQuery(`${DASHBOARD}/commissioner`, { la: i.la }) } : {}),
    },
    overdue: {
      rows: board.overdue && overdueRows(i, board.overdue),
      notKept: OVERDUE_NOT_KEPT,
      csvHref: withQuery(LEADER_PATH, { la: i.la, week: i.week, format: 'csv', table: 'overdue' }),
    },
    figures: figureTables(f),
  };
}

export function leaderPage(i: LeaderInput): string {
  return renderPage('leader', leaderView(i));
}
