// Commissioners' view of one waiting list (SLT or ND): who waits now in the NHS week bands, the
// middle and longest waits over time, each target in words with its line, and the longest waiters.
// A plain view model for views/commissioner.njk: no HTML here.
import type { LongestWaiter, ReportTargetStatus, TrendReport, WaitingListReport } from '@app/compliance';
import type { RulesTable } from '@app/rules';
import { chartModel, xTicksOf, type ChartModel, type ChartSpec } from './chart-block';
import { forecastPanel, forecastTables, type CommissionerForecastInput, type ForecastPanel } from './commissioner-forecast.view';
import { casePath } from './caseworker.view';
import { dayNumber, formatDate, formatPercent, formatWeeks } from './format';
import { tableModel, type TableModel, type TablePlace, type TableSpec, type TableView, type TagColour } from './html-table';
import { measureValue, pathwayName, targetMeasureWords } from '@app/compliance';
import { DASHBOARD, withQuery } from './page-access';
import { laCaption, type PageModel } from './page-render';
import { targetView, type TargetView } from './target-view';

export const COMMISSIONER_PATH = `${DASHBOARD}/commissioner`;
export type WaitPathwayKey = 'slt' | 'neurodevelopmental';
export const WAIT_NAMES: Record<WaitPathwayKey, string> = {
  slt: pathwayName('slt'),
  neurodevelopmental: pathwayName('neurodevelopmental'),
};
const WAIT_PHRASES: Record<WaitPathwayKey, string> = {
  slt: 'speech and language therapy',
  neurodevelopmental: 'a neurodevelopmental (autism/ADHD) assessment',
};

export interface CommissionerInput {
  la: string;
  laName: string | null;
  pathway: WaitPathwayKey;
  list: WaitingListReport;
  trend: TrendReport;
  /** The forecast panel (absent: none shown). */
  forecast?: CommissionerForecastInput;
  rules: Pick<RulesTable, 'waits' | 'targets'>;
}

/** Where a band lies against the target: all under it, across it (12-18 for a 13-week target), or past it. */
type AgainstTarget = 'within' | 'across' | 'past';
interface BandRow {
  band: string;
  words: string;
  count: number;
  against: AgainstTarget;
}
interface TrendRow {
  on: string;
  median: number | null;
  p92: number | null;
  withinTarget: number | null;
  overMax: number | null;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const AGAINST: Record<AgainstTarget, { text: string; tag: TagColour; colour: string }> = {
  within: { text: 'Under the target', tag: 'green', colour: 'blue' },
  across: { text: 'Partly past the target', tag: 'grey', colour: 'lightBlue' },
  past: { text: 'Past the target', tag: 'orange', colour: 'orange' },
};

/** "0-1" as "under 1 week", "18-52" as "18 to under 52 weeks", "52+" as "52 weeks or more". */
export function bandWords(band: string): string {
  const [lower, upper] = band.split(/[-+]/);
  if (!upper) return `${lower} weeks or more`;
  if (lower === '0') return `Under ${upper} ${upper === '1' ? 'week' : 'weeks'}`;
  return `${lower} to under ${upper} weeks`;
}

function bandRows(l: WaitingListReport): BandRow[] {
  return Object.entries(l.bands).map(([band, count]) => {
    const [lower, upper] = band.split(/[-+]/).map((x) => (x === '' ? Infinity : Number(x)));
    const against: AgainstTarget = lower >= l.targetWeeks ? 'past' : (upper ?? Infinity) > l.targetWeeks ? 'across' : 'within';
    return { band, words: bandWords(band), count, against };
  });
}

function trendRows(t: TrendReport): TrendRow[] {
  const series = (m: string) => new Map((t.series.find((s) => s.measure === m)?.points ?? []).map((p) => [p.on, p.value]));
  const [median, p92, within, over] = [
    'waiting_median_weeks',
    'waiting_p92_weeks',
    'waiting_within_target_pct',
    'waiting_over_max_count',
  ].map(series);
  return [...median.keys()].map((on) => ({
    on,
    median: round1(median.get(on) ?? null),
    p92: round1(p92.get(on) ?? null),
    withinTarget: round1(within.get(on) ?? null),
    overMax: over.get(on) ?? null,
  }));
}

const targetViewOf = (i: CommissionerInput, t: ReportTargetStatus): TargetView =>
  targetView({ ...t, pathway: i.pathway, asOf: i.list.asOf }, i.rules);

/** The forecast with each target named as its card names it (never its stored code). */
const withTitles = (i: CommissionerInput, f: CommissionerForecastInput): CommissionerForecastInput => ({
  ...f,
  titles: new Map(i.list.targets.map((t) => [t.targetId, targetViewOf(i, t).title])),
});

export function commissionerTables(i: CommissionerInput): TableSpec<unknown>[] {
  const max = i.rules.waits.maxWeeks;
  const bands: TableSpec<BandRow> = {
    id: 'bands',
    caption: 'Waiting now, by completed weeks',
    note: `On ${formatDate(i.list.asOf)}, in the NHS week bands; the target is to be seen within ${i.list.targetWeeks} weeks.`,
    empty: 'Nobody is waiting.',
    columns: [
      { key: 'band', label: 'Weeks waited', value: (r) => r.band, text: (r) => r.words },
      { key: 'count', label: 'Children waiting', type: 'number', value: (r) => r.count },
      {
        key: 'againstTarget',
        label: 'Against the target',
        value: (r) => r.against,
        text: (r) => AGAINST[r.against].text,
        cell: (r) => ({ text: AGAINST[r.against].text, tag: AGAINST[r.against].tag }),
      },
    ],
    rows: bandRows(i.list),
  };
  const trend: TableSpec<TrendRow> = {
    id: 'trend',
    caption: 'Waits over time',
    note: 'One row for each night the figures were stored.',
    empty: 'No figures stored yet: they are stored every night.',
    columns: [
      { key: 'on', label: 'Date', type: 'date', value: (r) => r.on, text: (r) => formatDate(r.on) },
      { key: 'medianWeeks', label: 'Middle (median) wait', type: 'number', value: (r) => r.median, text: (r) => formatWeeks(r.median) },
      {
        key: 'p92Weeks',
        label: 'Longest wait of 92 in 100',
        type: 'number',
        value: (r) => r.p92,
        text: (r) => formatWeeks(r.p92),
      },
      {
        key: 'withinTargetPct',
        label: `% waiting under ${i.list.targetWeeks} weeks`,
        type: 'number',
        value: (r) => r.withinTarget,
        text: (r) => formatPercent(r.withinTarget),
      },
      { key: 'overMaxCount', label: `Children waiting ${max} weeks or more`, type: 'number', value: (r) => r.overMax },
    ],
    rows: trendRows(i.trend),
  };
  const targets: TableSpec<ReportTargetStatus> = {
    id: 'targets',
    caption: 'Targets today',
    note: 'The same targets as above, one to a row, for download.',
    empty: 'No targets are set for this waiting list.',
    columns: [
      { key: 'target', label: 'Target', value: (t) => targetViewOf(i, t).title },
      { key: 'deadline', label: 'Deadline', type: 'date', value: (t) => t.deadline, text: (t) => formatDate(t.deadline) },
      {
        key: 'trajectoryNow',
        label: 'The trajectory asks for now',
        type: 'number',
        value: (t) => round1(t.expected),
        text: (t) => targetViewOf(i, t).expected ?? '',
      },
      { key: 'actual', label: 'Figure now', type: 'number', value: (t) => round1(t.actual), text: (t) => targetViewOf(i, t).today },
      {
        key: 'status',
        label: 'Status',
        value: (t) => t.status,
        text: (t) => targetViewOf(i, t).tag.text,
        cell: (t) => {
          const v = targetViewOf(i, t);
          return { text: v.tag.text, tag: v.tag.colour };
        },
      },
      { key: 'verdict', label: 'On or off track', value: (t) => targetViewOf(i, t).verdict },
    ],
    rows: i.list.targets,
  };
  const longest: TableSpec<LongestWaiter> = {
    id: 'longest',
    caption: 'Longest waiters',
    note: 'Case references only; each opens the case.',
    empty: 'Nobody is waiting.',
    columns: [
      {
        key: 'caseRef',
        label: 'Case',
        value: (w) => w.caseRef,
        cell: (w) => ({ text: w.caseRef, href: casePath(w.la, w.caseRef), mono: true }),
      },
      { key: 'clockStartOn', label: 'Waiting since', type: 'date', value: (w) => w.clockStartOn, text: (w) => formatDate(w.clockStartOn) },
      { key: 'completedWeeks', label: 'Weeks waited', type: 'number', value: (w) => w.completedWeeks },
      { key: 'daysWaited', label: 'Days waited', type: 'number', value: (w) => w.daysWaited },
    ],
    rows: i.list.longestWaiters,
  };
  return [bands, trend, targets, longest, ...(i.forecast ? forecastTables(withTitles(i, i.forecast)) : [])];
}

function bandsChart(l: WaitingListReport): ChartModel {
  const rows = bandRows(l);
  const spec: ChartSpec = {
    type: 'bar',
    labels: rows.map((r) => (r.against === 'within' ? r.words : [r.words, `(${AGAINST[r.against].text.toLowerCase()})`])),
    datasets: [
      {
        label: 'Children waiting',
        data: rows.map((r) => r.count),
        colours: rows.map((r) => (r.band.endsWith('+') ? 'red' : AGAINST[r.against].colour)),
        legendColour: 'blue',
      },
    ],
    // Bars across: the band names stay readable on a phone.
    options: { indexAxis: 'y', valueLabel: 'Children waiting', categoryLabel: 'Completed weeks waited', integer: true },
  };
  const text = rows.map((r) => `${r.words}: ${r.count}`).join('; ');
  return chartModel(
    'bands-chart',
    'Children waiting now, by weeks waited',
    `Bar chart of the ${l.waiting} children waiting on ${formatDate(l.asOf)}, by completed weeks: ${text}. ` +
      'The table below gives the same figures.',
    spec,
  );
}

function waitsChart(i: CommissionerInput): ChartModel | null {
  const rows = trendRows(i.trend);
  if (!rows.length) return null;
  const days = rows.map((r) => dayNumber(r.on));
  const spec: ChartSpec = {
    type: 'line',
    labels: [],
    datasets: [
      { label: 'Middle (median) wait', data: rows.map((r, k) => ({ x: days[k], y: r.median })), colour: 'blue', point: 'circle' },
      {
        label: 'Longest wait of 92 in 100',
        data: rows.map((r, k) => ({ x: days[k], y: r.p92 })),
        colour: 'darkBlue',
        dash: [8, 4],
        point: 'rect',
      },
      {
        label: `Target: ${i.list.targetWeeks} weeks`,
        data: rows.map((_, k) => ({ x: days[k], y: i.list.targetWeeks })),
        colour: 'orange',
        dash: [2, 3],
        pointRadius: 0,
        point: 'line',
      },
    ],
    options: { valueLabel: 'Weeks waited', xDates: true, min: 0, xTicks: xTicksOf(days) },
  };
  const [first, last] = [rows[0], rows[rows.length - 1]];
  const span =
    rows.length === 1
      ? `on ${formatDate(first.on)} only: the middle wait was ${formatWeeks(first.median)}, ` +
        `and 92 in 100 waited up to ${formatWeeks(first.p92)}`
      : `on ${rows.length} dates from ${formatDate(first.on)} to ${formatDate(last.on)}: the middle wait went from ` +
        `${formatWeeks(first.median)} to ${formatWeeks(last.median)}, and the wait 92 in 100 are within from ` +
        `${formatWeeks(first.p92)} to ${formatWeeks(last.p92)}`;
  return chartModel(
    'waits-chart',
    'Middle and longest waits over time',
    `Line chart of the waits ${span}, against the ${i.list.targetWeeks}-week target. The table below gives each value.`,
    spec,
  );
}

/** A target's card: its words, and a chart of the figure against its line with the same figures as a table. */
export interface TargetBlock {
  id: string;
  view: TargetView;
  chart: ChartModel | null;
  /** The chart's figures: each stored date's figure and the trajectory's value then, and the goal. */
  figures: { head: string[]; rows: string[][] };
}

function targetBlocks(i: CommissionerInput): TargetBlock[] {
  return i.list.targets.map((t) => {
    const view = targetViewOf(i, t);
    const id = `target-${t.targetId}`;
    const series = i.trend.series.find((s) => s.measure === t.measure);
    const expected = series?.targets.find((x) => x.targetId === t.targetId)?.expected ?? [];
    const { unit } = targetMeasureWords(t.measure, i.pathway, i.rules.waits);
    const fmt = (n: number | null) => (n === null ? 'No figure' : measureValue(n, unit));
    const points = (series?.points ?? []).map((p, k) => ({
      on: p.on,
      actual: round1(p.value),
      expected: round1(expected[k]?.value ?? null),
    }));
    const line = t.trajectory.filter((p) => !points.some((x) => x.on === p.on));
    const figures = {
      head: ['Date', 'Figure', 'The trajectory asks for'],
      rows: [
        ...points.map((p) => ({ on: p.on, cells: [formatDate(p.on), fmt(p.actual), fmt(p.expected)] })),
        ...line.map((p) => ({ on: p.on, cells: [formatDate(p.on), '', fmt(round1(p.value))] })),
      ]
        .sort((a, b) => (a.on < b.on ? -1 : 1))
        .map((r) => r.cells),
    };
    if (!points.length && t.trajectory.length < 2) return { id, view, chart: null, figures };
    const days = [...points.map((p) => dayNumber(p.on)), ...t.trajectory.map((p) => dayNumber(p.on))];
    const percent = t.measure.endsWith('_pct');
    const spec: ChartSpec = {
      type: 'line',
      labels: [],
      datasets: [
        { label: 'Figure', data: points.map((p) => ({ x: dayNumber(p.on), y: p.actual })), colour: 'blue', point: 'circle' },
        {
          label: 'Trajectory to the goal',
          data: t.trajectory.map((p) => ({ x: dayNumber(p.on), y: round1(p.value) })),
          colour: 'grey',
          dash: [6, 4],
          pointRadius: 3,
          point: 'rect',
        },
      ],
      options: {
        percent,
        integer: !percent && !t.measure.endsWith('_weeks'),
        min: 0,
        valueLabel: percent ? 'Per cent' : t.measure.endsWith('_weeks') ? 'Weeks' : 'Children',
        xDates: true,
        xTicks: xTicksOf(days, 5),
      },
    };
    const last = points[points.length - 1];
    const description =
      `Line chart of the ${view.measure}` +
      (last ? ` at ${points.length} ${points.length === 1 ? 'date' : 'dates'}, ${fmt(last.actual)} on ${formatDate(last.on)},` : '') +
      ` against the trajectory: ${view.trajectory ?? `the goal, ${view.goal}.`} ${view.tag.text}: ${view.verdict}`;
    return {
      id,
      view,
      chart: chartModel(`${id}-chart`, 'The figure over the last year, against the trajectory', description, spec, 'small'),
      figures,
    };
  });
}

export interface CommissionerModel extends PageModel {
  tabs: { text: string; href: string; current: boolean }[];
  lead: string;
  stats: { value: string; label: string; tone?: 'red' | 'green' }[];
  targets: TargetBlock[];
  bandsChart: ChartModel;
  waitsChart: ChartModel | null;
  tables: Record<string, TableModel>;
  forecast: ForecastPanel | null;
  pathway: WaitPathwayKey;
  errorSummary?: object;
}

export function commissionerView(i: CommissionerInput, view: TableView): CommissionerModel {
  const l = i.list;
  const place: TablePlace = { path: COMMISSIONER_PATH, query: { la: i.la, pathway: i.pathway } };
  const tables = Object.fromEntries(commissionerTables(i).map((t) => [t.id, tableModel(t, place, view, 3)]));
  const max = i.rules.waits.maxWeeks;
  const panel = i.forecast ? forecastPanel(withTitles(i, i.forecast)) : null;
  return {
    pageTitle: `Waiting lists: ${WAIT_NAMES[i.pathway]}`,
    caption: laCaption(i.la, i.laName),
    la: i.la,
    charts: true,
    tabs: (Object.keys(WAIT_NAMES) as WaitPathwayKey[]).map((p) => ({
      text: WAIT_NAMES[p],
      href: withQuery(COMMISSIONER_PATH, { la: i.la, pathway: p }),
      current: p === i.pathway,
    })),
    lead:
      `Children waiting for ${WAIT_PHRASES[i.pathway]} on ${formatDate(l.asOf)}. The wait runs from referral ` +
      `(restarted by a missed first appointment) to the first ${i.pathway === 'slt' ? 'contact' : 'assessment'}.`,
    stats: [
      { value: String(l.waiting), label: 'children waiting now' },
      { value: formatWeeks(round1(l.medianWeeks)), label: 'middle (median) wait' },
      { value: formatWeeks(round1(l.p92Weeks)), label: 'longest wait of 92 in every 100 children' },
      {
        value: formatPercent(l.withinTarget.percent),
        label: `waiting under ${l.targetWeeks} weeks (${l.withinTarget.count} of ${l.withinTarget.of})`,
      },
      { value: String(l.over52Weeks), label: `waiting ${max} weeks or more`, tone: l.over52Weeks > 0 ? 'red' : 'green' },
    ],
    targets: targetBlocks(i),
    bandsChart: bandsChart(l),
    waitsChart: waitsChart(i),
    tables,
    forecast: panel,
    pathway: i.pathway,
    errorSummary: panel?.errorSummary,
  };
}
