// The leaders' weekly summary as a page: this week against last, targets, and the cases behind
// each breach. Figures are the stored summary's (the same the Monday mail carried).
import {
  escapeHtml,
  formatChange,
  formatNumber,
  formatValue,
  measureLabel,
  pathwayLabel,
  type BreachFigure,
  type Figure,
  type FigureSection,
  type TargetFigure,
  type WeeklyFigures,
} from '@app/compliance';
import { chartBlock, type ChartSpec } from './chart-block';
import { casePath } from './caseworker.view';
import { formatDate, formatInstant } from './format';
import { csvHref, renderTable, type TableSpec, type TableView } from './html-table';
import { DASHBOARD, layout, stat, withQuery } from './layout';
import { ragTag, ragText } from './status-tags';

export const LEADER_PATH = `${DASHBOARD}/leader`;

export interface LeaderInput {
  la: string;
  laName: string | null;
  week: string | null;
  weeks: string[];
  figures: WeeklyFigures | null;
  createdAt?: Date;
  emailedAt?: Date | null;
}

function sectionTable(s: FigureSection): TableSpec<Figure> {
  return {
    id: s.key,
    caption: s.title,
    empty: 'No figures.',
    columns: [
      { key: 'measure', label: 'Measure', value: (f) => f.label },
      {
        key: 'thisWeek',
        label: 'This week',
        type: 'number',
        value: (f) => f.thisWeek,
        text: (f) => formatValue(f.thisWeek, f.unit, f.thisWeekOf),
      },
      {
        key: 'lastWeek',
        label: 'Last week',
        type: 'number',
        value: (f) => f.lastWeek,
        text: (f) => formatValue(f.lastWeek, f.unit, f.lastWeekOf),
      },
      { key: 'change', label: 'Change', type: 'number', value: (f) => f.change, text: (f) => formatChange(f.change, f.unit, f.better) },
    ],
    rows: s.figures,
  };
}

function targetsTable(targets: TargetFigure[]): TableSpec<TargetFigure> {
  return {
    id: 'targets',
    caption: 'Against targets (red, amber, green)',
    empty: 'No targets are set for this local authority.',
    columns: [
      { key: 'name', label: 'Target', value: (t) => t.name },
      { key: 'pathway', label: 'Pathway', value: (t) => t.pathway, text: (t) => pathwayLabel(t.pathway) },
      { key: 'measure', label: 'Measure', value: (t) => t.measure, text: (t) => measureLabel(t.measure) },
      { key: 'threshold', label: 'Target value', type: 'number', value: (t) => t.threshold, text: (t) => formatNumber(t.threshold) },
      {
        key: 'expected',
        label: 'Expected now (trajectory)',
        type: 'number',
        value: (t) => t.expected,
        text: (t) => formatNumber(t.expected),
      },
      { key: 'actual', label: 'Actual', type: 'number', value: (t) => t.actual, text: (t) => formatNumber(t.actual) },
      { key: 'status', label: 'Status', value: (t) => t.status, text: (t) => ragText(t.status), html: (t) => ragTag(t.status) },
      {
        key: 'lastWeekActual',
        label: 'Actual last week',
        type: 'number',
        value: (t) => t.lastWeekActual,
        text: (t) => formatNumber(t.lastWeekActual),
      },
      { key: 'lastWeekStatus', label: 'Status last week', value: (t) => t.lastWeekStatus, text: (t) => ragText(t.lastWeekStatus) },
    ],
    rows: targets,
  };
}

function breachesTable(la: string, breaches: BreachFigure[]): TableSpec<BreachFigure> {
  return {
    id: 'breaches',
    caption: 'Breaches: the cases behind each',
    note: 'Open cases with a statutory step or a wait past its limit, by what is late.',
    empty: 'No overdue statutory steps or waits past target.',
    columns: [
      { key: 'breach', label: 'Breach', value: (b) => b.label },
      { key: 'count', label: 'Cases', type: 'number', value: (b) => b.count },
      { key: 'lastWeek', label: 'Last week', type: 'number', value: (b) => b.lastWeek, text: (b) => formatNumber(b.lastWeek) },
      { key: 'change', label: 'Change', type: 'number', value: (b) => b.change, text: (b) => formatChange(b.change, 'count', 'lower') },
      {
        key: 'caseRefs',
        label: 'Case references',
        value: (b) => b.caseRefs.join(' '),
        html: (b) =>
          `<span class="refs">${b.caseRefs.map((r) => `<a href="${escapeHtml(casePath(la, r))}">${escapeHtml(r)}</a>`).join(', ')}</span>`,
      },
    ],
    rows: breaches,
  };
}

export function leaderTables(i: LeaderInput): TableSpec<unknown>[] {
  if (!i.figures) return [];
  return [...i.figures.sections.map(sectionTable), targetsTable(i.figures.targets), breachesTable(i.la, i.figures.breaches)];
}

/** The percentages, this week beside last week: where things moved at a glance. */
function comparisonChart(f: WeeklyFigures): string {
  const pick = [
    'ehc.within20Weeks.including',
    'ehc.within20Weeks.excluding',
    'decisions.excluding',
    'advice.all.including',
    'reviews.meetingsOnTime',
    'reviews.decisionsWithin4Weeks',
    'waits.slt.withinTarget',
    'waits.neurodevelopmental.withinTarget',
  ];
  const figures = f.sections
    .flatMap((s) => s.figures)
    .filter((x) => pick.includes(x.measure) && (x.thisWeek !== null || x.lastWeek !== null));
  if (!figures.length) return '';
  const spec: ChartSpec = {
    type: 'bar',
    labels: figures.map((x) =>
      x.label
        .replace(/ \(DfE headline\)/, '')
        .replace(/, including exceptions/, ' (incl. exceptions)')
        .replace(/, excluding exceptions/, ' (excl. exceptions)'),
    ),
    datasets: [
      { label: `Last week (${formatDate(f.lastWeekStart)})`, data: figures.map((x) => x.lastWeek), colour: 'grey', alpha: 0.45 },
      { label: `This week (${formatDate(f.weekStart)})`, data: figures.map((x) => x.thisWeek), colour: 'blue' },
    ],
    options: { indexAxis: 'y', percent: true, min: 0, max: 100, valueLabel: 'Per cent' },
  };
  return chartBlock(
    'week-comparison-chart',
    'This week against last (per cent)',
    `Bar chart of ${figures.length} percentages, this week beside last week. The tables below give each figure.`,
    spec,
    'tall',
  );
}

function headline(f: WeeklyFigures): string {
  const all = f.sections.flatMap((s) => s.figures);
  const get = (m: string) => all.find((x) => x.measure === m);
  const cards = [
    ['ehc.within20Weeks.excluding', 'EHC plans within 20 weeks (excluding exceptions)'],
    ['open.overdue', 'open assessments overdue'],
    ['waits.slt.waiting', 'waiting for speech and language therapy'],
    ['waits.neurodevelopmental.waiting', 'waiting for neurodevelopmental assessment'],
  ]
    .map(([m, label]) => {
      const x = get(m);
      if (!x) return '';
      const value = x.thisWeek === null ? 'n/a' : x.unit === 'percent' ? `${x.thisWeek.toFixed(1)}%` : String(x.thisWeek);
      return stat(value, `${label}; ${formatChange(x.change, x.unit, x.better)} on last week`);
    })
    .join('');
  return `<div class="cards">${cards}</div>`;
}

function weekChooser(i: LeaderInput): string {
  if (i.weeks.length < 2) return '';
  const options = i.weeks
    .map((w) => `<option value="${escapeHtml(w)}"${w === i.week ? ' selected' : ''}>${escapeHtml(w)}</option>`)
    .join('');
  return (
    `<form class="filters" method="get" action="${LEADER_PATH}"><input type="hidden" name="la" value="${escapeHtml(i.la)}">\n` +
    `<div class="field"><label for="week">Week</label><select id="week" name="week">${options}</select></div>` +
    '<button class="button" type="submit">Show week</button></form>'
  );
}

export function leaderPage(i: LeaderInput, view: TableView): string {
  const caption = `LA ${i.la}${i.laName ? ` ${i.laName}` : ''}`;
  if (!i.figures || !i.week) {
    const body =
      `<p>No weekly summary has been stored${i.week ? ` for ${escapeHtml(i.week)}` : ''} yet. ` +
      'The worker builds and mails one every Monday at 07:00 (Europe/London).</p>';
    return layout({ title: 'Weekly summary', caption, la: i.la, active: 'leader', body });
  }
  const f = i.figures;
  const query = { la: i.la, week: i.week };
  const missing = [
    f.snapshots.thisWeek ? '' : `No figures were available for ${formatDate(f.weekStart)}.`,
    f.snapshots.lastWeek ? '' : `No figures were available for last week (${formatDate(f.lastWeekStart)}), so changes are not shown.`,
  ].filter(Boolean);
  const summaryHref = (format: 'html' | 'csv') => escapeHtml(withQuery('/v1/summaries/weekly', { ...query, format }));
  const body = [
    `<p class="lead">Week beginning ${escapeHtml(formatDate(f.weekStart))}, ` +
      `against the week beginning ${escapeHtml(formatDate(f.lastWeekStart))}. ` +
      `Built ${escapeHtml(formatInstant(i.createdAt ?? null))}` +
      `${i.emailedAt ? `; mailed to leaders ${escapeHtml(formatInstant(i.emailedAt))}` : '; not yet mailed'}.</p>`,
    weekChooser(i),
    missing.length ? `<div class="inset">${missing.map(escapeHtml).join(' ')}</div>` : '',
    headline(f),
    comparisonChart(f),
    ...leaderTables(i).map((t) => renderTable(t, csvHref(LEADER_PATH, query, t.id), view)),
    `<p><a href="${summaryHref('html')}">The summary as mailed</a> · <a href="${summaryHref('csv')}">its CSV attachment</a></p>`,
  ].join('\n');
  return layout({ title: `Weekly summary: ${i.week}`, caption, la: i.la, active: 'leader', body, charts: true });
}
