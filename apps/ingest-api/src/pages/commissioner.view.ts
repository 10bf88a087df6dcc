// Commissioners' view of one waiting list (SLT or ND): the NHS bands now, median and 92nd
// percentile over time, each target's trajectory against the actuals, and the longest waiters.
import {
  escapeHtml,
  type LongestWaiter,
  type ReportTargetStatus,
  type TrendReport,
  type WaitingListReport,
  measureLabel,
} from '@app/compliance';
import { chartBlock, type ChartSpec } from './chart-block';
import { casePath } from './caseworker.view';
import { dayNumber, formatDate, formatPercent, formatWeeks } from './format';
import { csvHref, renderTable, type TableSpec, type TableView } from './html-table';
import { DASHBOARD, layout, stat, withQuery } from './layout';
import { ragTag, ragText } from './status-tags';

export const COMMISSIONER_PATH = `${DASHBOARD}/commissioner`;
export type WaitPathwayKey = 'slt' | 'neurodevelopmental';
export const WAIT_NAMES: Record<WaitPathwayKey, string> = {
  slt: 'Speech and language therapy',
  neurodevelopmental: 'Neurodevelopmental (autism/ADHD)',
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
}

/** Where a band lies against the target: all under it, across it (12-18 for a 13-week target), or past it. */
type AgainstTarget = 'within' | 'across' | 'past';
interface BandRow {
  band: string;
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
const AGAINST: Record<AgainstTarget, { text: string; tag: string; colour: string }> = {
  within: { text: 'Within target', tag: 'green', colour: 'blue' },
  across: { text: 'Partly past target', tag: 'grey', colour: 'lightBlue' },
  past: { text: 'Past target', tag: 'orange', colour: 'orange' },
};

function bandRows(l: WaitingListReport): BandRow[] {
  return Object.entries(l.bands).map(([band, count]) => {
    const [lower, upper] = band.split(/[-+]/).map((x) => (x === '' ? Infinity : Number(x)));
    const against: AgainstTarget = lower >= l.targetWeeks ? 'past' : (upper ?? Infinity) > l.targetWeeks ? 'across' : 'within';
    return { band, count, against };
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
    withinTarget: within.get(on) ?? null,
    overMax: over.get(on) ?? null,
  }));
}

export function commissionerTables(i: CommissionerInput): TableSpec<unknown>[] {
  const bands: TableSpec<BandRow> = {
    id: 'bands',
    caption: 'Waiting now, by completed weeks (NHS bands)',
    note: `As of ${formatDate(i.list.asOf)}; the target is ${i.list.targetWeeks} weeks.`,
    empty: 'Nobody is waiting.',
    columns: [
      { key: 'band', label: 'Weeks waited', value: (r) => r.band, text: (r) => `${r.band} weeks` },
      { key: 'count', label: 'Waiting', type: 'number', value: (r) => r.count },
      {
        key: 'againstTarget',
        label: 'Against target',
        value: (r) => r.against,
        text: (r) => AGAINST[r.against].text,
        html: (r) => `<strong class="tag tag--${AGAINST[r.against].tag}">${AGAINST[r.against].text}</strong>`,
      },
    ],
    rows: bandRows(i.list),
  };
  const trend: TableSpec<TrendRow> = {
    id: 'trend',
    caption: 'Waits over time (nightly snapshots)',
    empty: 'No snapshots yet: the worker stores one every night.',
    columns: [
      { key: 'on', label: 'Date', type: 'date', value: (r) => r.on, text: (r) => formatDate(r.on) },
      { key: 'medianWeeks', label: 'Median wait', type: 'number', value: (r) => r.median, text: (r) => formatWeeks(r.median) },
      { key: 'p92Weeks', label: '92nd percentile wait', type: 'number', value: (r) => r.p92, text: (r) => formatWeeks(r.p92) },
      {
        key: 'withinTargetPct',
        label: '% within target',
        type: 'number',
        value: (r) => r.withinTarget,
        text: (r) => formatPercent(r.withinTarget),
      },
      { key: 'over52Weeks', label: 'Waiting 52 weeks or more', type: 'number', value: (r) => r.overMax },
    ],
    rows: trendRows(i.trend),
  };
  const targets: TableSpec<ReportTargetStatus> = {
    id: 'targets',
    caption: 'Targets today (red, amber, green)',
    note: 'Green: on or better than the trajectory; amber: short by no more than the tolerance; red: further off.',
    empty: 'No targets are set for this waiting list.',
    columns: [
      { key: 'name', label: 'Target', value: (t) => t.name },
      { key: 'measure', label: 'Measure', value: (t) => t.measure, text: (t) => measureLabel(t.measure) },
      { key: 'threshold', label: 'Target value', type: 'number', value: (t) => t.threshold },
      { key: 'deadline', label: 'By', type: 'date', value: (t) => t.deadline, text: (t) => formatDate(t.deadline) },
      { key: 'expected', label: 'Trajectory today', type: 'number', value: (t) => round1(t.expected) },
      { key: 'actual', label: 'Actual', type: 'number', value: (t) => round1(t.actual) },
      { key: 'status', label: 'Status', value: (t) => t.status, text: (t) => ragText(t.status), html: (t) => ragTag(t.status) },
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
        html: (w) => `<a class="mono" href="${escapeHtml(casePath(w.la, w.caseRef))}">${escapeHtml(w.caseRef)}</a>`,
      },
      { key: 'clockStartOn', label: 'Waiting since', type: 'date', value: (w) => w.clockStartOn, text: (w) => formatDate(w.clockStartOn) },
      { key: 'completedWeeks', label: 'Weeks waited', type: 'number', value: (w) => w.completedWeeks },
      { key: 'daysWaited', label: 'Days waited', type: 'number', value: (w) => w.daysWaited },
    ],
    rows: i.list.longestWaiters,
  };
  return [bands, trend, targets, longest];
}

function bandsChart(l: WaitingListReport): string {
  const rows = bandRows(l);
  const spec: ChartSpec = {
    type: 'bar',
    labels: rows.map((r) =>
      r.against === 'within' ? `${r.band} weeks` : [`${r.band} weeks`, `(${AGAINST[r.against].text.toLowerCase()})`],
    ),
    datasets: [
      {
        label: 'Waiting',
        data: rows.map((r) => r.count),
        colours: rows.map((r) => (r.band.endsWith('+') ? 'red' : AGAINST[r.against].colour)),
      },
    ],
    options: { valueLabel: 'Children waiting', categoryLabel: 'Completed weeks waited', integer: true },
  };
  const text = rows.map((r) => `${r.band} weeks: ${r.count}`).join('; ');
  return chartBlock('bands-chart', 'Current waits in the NHS bands', `Bar chart of children waiting by completed weeks. ${text}.`, spec);
}

function waitsChart(i: CommissionerInput): string {
  const rows = trendRows(i.trend);
  if (!rows.length) return '<p class="empty">No snapshots yet: the worker stores one every night.</p>';
  const spec: ChartSpec = {
    type: 'line',
    labels: [],
    datasets: [
      { label: 'Median wait (weeks)', data: rows.map((r) => ({ x: dayNumber(r.on), y: r.median })), colour: 'blue', point: 'circle' },
      {
        label: '92nd percentile wait (weeks)',
        data: rows.map((r) => ({ x: dayNumber(r.on), y: r.p92 })),
        colour: 'darkBlue',
        dash: [8, 4],
        point: 'rect',
      },
      {
        label: `Target: ${i.list.targetWeeks} weeks`,
        data: rows.map((r) => ({ x: dayNumber(r.on), y: i.list.targetWeeks })),
        colour: 'orange',
        dash: [2, 3],
        pointRadius: 0,
        point: 'line',
      },
    ],
    options: { valueLabel: 'Weeks waited', xDates: true },
  };
  return chartBlock(
    'waits-chart',
    'Median and 92nd percentile wait over time',
    `Line chart of the median and 92nd percentile wait at ${rows.length} dates from ${formatDate(rows[0].on)}. ` +
      'The table below gives each value.',
    spec,
  );
}

/** One chart per target: the actual figure at each snapshot against the trajectory line. */
function trajectoryCharts(i: CommissionerInput): string {
  const charts = i.trend.series.flatMap((s) =>
    s.targets.map((t) => {
      const actual = s.points.map((p) => round1(p.value));
      const spec: ChartSpec = {
        type: 'line',
        labels: [],
        datasets: [
          { label: 'Actual', data: s.points.map((p, k) => ({ x: dayNumber(p.on), y: actual[k] })), colour: 'blue', point: 'circle' },
          {
            label: `Trajectory to ${t.threshold} by ${formatDate(t.deadline)}`,
            data: t.expected.map((p) => ({ x: dayNumber(p.on), y: round1(p.value) })),
            colour: 'grey',
            dash: [6, 4],
            pointRadius: 0,
            point: 'line',
          },
        ],
        options: {
          percent: s.measure.endsWith('_pct'),
          integer: !s.measure.endsWith('_pct') && !s.measure.endsWith('_weeks'),
          min: 0,
          valueLabel: measureLabel(s.measure),
          xDates: true,
        },
      };
      const status = i.list.targets.find((x) => x.targetId === t.targetId)?.status ?? null;
      const title = `${t.name}: ${measureLabel(s.measure)}, actual against trajectory`;
      const description =
        `Line chart of ${measureLabel(s.measure)} at ${s.points.length} dates against the target's trajectory. ` +
        `Status today: ${ragText(status)}.`;
      const chart = chartBlock(`trajectory-${t.targetId}`, title, description, spec, 'small');
      return `<div>${chart}<p>Status today: ${ragTag(status)}</p></div>`;
    }),
  );
  return charts.length ? `<div class="grid-2">${charts.join('\n')}</div>` : '<p>No targets are set for this waiting list.</p>';
}

function headline(l: WaitingListReport): string {
  const within = l.withinTarget.percent;
  return `<div class="cards">
${stat(String(l.waiting), 'waiting now')}
${stat(formatWeeks(round1(l.medianWeeks)), 'median wait')}
${stat(formatWeeks(round1(l.p92Weeks)), '92nd percentile wait')}
${stat(formatPercent(within), `waiting under ${l.targetWeeks} weeks (${l.withinTarget.count} of ${l.withinTarget.of})`)}
${stat(String(l.over52Weeks), 'waiting 52 weeks or more', l.over52Weeks > 0 ? 'red' : 'green')}
</div>`;
}

export function commissionerPage(i: CommissionerInput, view: TableView): string {
  const query = { la: i.la, pathway: i.pathway };
  const tables = commissionerTables(i);
  const table = (id: string) => {
    const t = tables.find((x) => x.id === id)!;
    return renderTable(t, csvHref(COMMISSIONER_PATH, query, id), view, 3);
  };
  const tabs = (Object.keys(WAIT_NAMES) as WaitPathwayKey[])
    .map(
      (p) =>
        `<li><a href="${escapeHtml(withQuery(COMMISSIONER_PATH, { la: i.la, pathway: p }))}"` +
        `${p === i.pathway ? ' aria-current="page"' : ''}>${escapeHtml(WAIT_NAMES[p])}</a></li>`,
    )
    .join('');
  const body = [
    `<nav aria-label="Waiting lists"><ul class="sub-nav">${tabs}</ul></nav>`,
    `<p class="lead">Children waiting for ${escapeHtml(WAIT_PHRASES[i.pathway])} as of ${escapeHtml(formatDate(i.list.asOf))}: ` +
      'the clock runs from referral (restarted by a missed first appointment) ' +
      `to first ${i.pathway === 'slt' ? 'contact' : 'assessment'}.</p>`,
    headline(i.list),
    '<h2>Against targets</h2>',
    trajectoryCharts(i),
    table('targets'),
    '<h2>Waiting now</h2>',
    bandsChart(i.list),
    table('bands'),
    '<h2>Over time</h2>',
    waitsChart(i),
    table('trend'),
    '<h2>Longest waiters</h2>',
    table('longest'),
  ].join('\n');
  return layout({
    title: `Waiting lists: ${WAIT_NAMES[i.pathway]}`,
    caption: `LA ${i.la}${i.laName ? ` ${i.laName}` : ''}`,
    la: i.la,
    active: 'commissioner',
    body,
    charts: true,
  });
}
