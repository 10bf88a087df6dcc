// EHC timeliness: the monthly trend of final plans issued within 20 weeks, including and
// excluding exceptions (the DfE's headline), for all needs or one primary need, and by need.
import { escapeHtml, type EhcTimelinessRow } from '@app/compliance';
import { chartBlock, type ChartSpec } from './chart-block';
import { formatMonth, formatDate, formatPercent, formatWeeks } from './format';
import { csvHref, renderTable, type TableSpec, type TableView } from './html-table';
import { needName } from './labels';
import { DASHBOARD, layout, stat } from './layout';

export const EHC_PATH = `${DASHBOARD}/ehc-timeliness`;

export interface MonthRow {
  month: string;
  plans: number;
  withinIncl: number | null;
  withinInclCount: number;
  withinExcl: number | null;
  withinExclCount: number;
  plansExcl: number;
  medianWeeks: number | null;
}

export interface EhcInput {
  la: string;
  laName: string | null;
  from: string;
  to: string;
  need?: string;
  months: MonthRow[];
  byNeed: EhcTimelinessRow[];
  total: EhcTimelinessRow;
}

export function ehcTables(i: EhcInput): TableSpec<unknown>[] {
  const months: TableSpec<MonthRow> = {
    id: 'months',
    caption: `Final plans issued each month${i.need ? `: ${needName(i.need)}` : ''}`,
    note: 'New EHC plans by month of issue (reassessments are not new plans).',
    empty: 'No final plans were issued in this period.',
    columns: [
      { key: 'month', label: 'Month', type: 'date', value: (r) => r.month, text: (r) => formatMonth(r.month) },
      { key: 'plansIssued', label: 'Plans issued', type: 'number', value: (r) => r.plans },
      {
        key: 'within20WeeksInclPct',
        label: 'Within 20 weeks, including exceptions',
        type: 'number',
        value: (r) => r.withinIncl,
        text: (r) => `${formatPercent(r.withinIncl)} (${r.withinInclCount} of ${r.plans})`,
      },
      {
        key: 'within20WeeksExclPct',
        label: 'Within 20 weeks, excluding exceptions',
        type: 'number',
        value: (r) => r.withinExcl,
        text: (r) => `${formatPercent(r.withinExcl)} (${r.withinExclCount} of ${r.plansExcl})`,
      },
      { key: 'medianWeeks', label: 'Median weeks', type: 'number', value: (r) => r.medianWeeks, text: (r) => formatWeeks(r.medianWeeks) },
    ],
    rows: i.months,
  };
  const needs: TableSpec<EhcTimelinessRow> = {
    id: 'needs',
    caption: 'By primary need, whole period',
    empty: 'No final plans were issued in this period.',
    columns: [
      { key: 'need', label: 'Primary need', value: (r) => r.key, text: (r) => `${needName(r.key)} (${r.key})` },
      { key: 'plansIssued', label: 'Plans issued', type: 'number', value: (r) => r.plansIssued },
      {
        key: 'within20WeeksInclPct',
        label: 'Within 20 weeks, including exceptions',
        type: 'number',
        value: (r) => r.within20Weeks.including.percent,
        text: (r) => formatPercent(r.within20Weeks.including.percent),
      },
      {
        key: 'within20WeeksExclPct',
        label: 'Within 20 weeks, excluding exceptions',
        type: 'number',
        value: (r) => r.within20Weeks.excluding.percent,
        text: (r) => formatPercent(r.within20Weeks.excluding.percent),
      },
      {
        key: 'overYearPct',
        label: 'Over a year',
        type: 'number',
        value: (r) => r.overYear.including.percent,
        text: (r) => formatPercent(r.overYear.including.percent),
      },
      { key: 'meanWeeks', label: 'Mean weeks', type: 'number', value: (r) => r.meanWeeks, text: (r) => formatWeeks(r.meanWeeks) },
      { key: 'medianWeeks', label: 'Median weeks', type: 'number', value: (r) => r.medianWeeks, text: (r) => formatWeeks(r.medianWeeks) },
    ],
    rows: i.byNeed,
  };
  return [months, needs];
}

function monthsChart(i: EhcInput): string {
  if (!i.months.some((m) => m.plans > 0)) return '';
  const spec: ChartSpec = {
    type: 'line',
    labels: i.months.map((m) => formatMonth(m.month)),
    datasets: [
      // The headline is drawn over the other (lower order on top): where they coincide both still show.
      {
        label: 'Including exceptions',
        data: i.months.map((m) => m.withinIncl),
        colour: 'lightBlue',
        point: 'circle',
        pointRadius: 6,
        width: 6,
        order: 2,
      },
      {
        label: 'Excluding exceptions (DfE headline)',
        data: i.months.map((m) => m.withinExcl),
        colour: 'purple',
        dash: [8, 4],
        point: 'rect',
        order: 1,
      },
    ],
    options: { percent: true, min: 0, max: 100, valueLabel: '% of plans issued within 20 weeks' },
  };
  return chartBlock(
    'ehc-months-chart',
    `Within 20 weeks, month by month${i.need ? `: ${needName(i.need)}` : ''}`,
    `Line chart of the percentage of final plans issued within 20 weeks in each of ${i.months.length} months, ` +
      'including and excluding exceptions. The table below gives each value.',
    spec,
    'tall',
  );
}

function needsChart(i: EhcInput): string {
  const rows = i.byNeed.filter((r) => r.plansIssued > 0);
  if (!rows.length) return '';
  const spec: ChartSpec = {
    type: 'bar',
    labels: rows.map((r) => `${r.key} (${r.plansIssued})`),
    datasets: [
      { label: 'Including exceptions', data: rows.map((r) => r.within20Weeks.including.percent), colour: 'blue' },
      {
        label: 'Excluding exceptions (DfE headline)',
        data: rows.map((r) => r.within20Weeks.excluding.percent),
        colour: 'purple',
        alpha: 0.55,
      },
    ],
    options: {
      indexAxis: 'y',
      percent: true,
      min: 0,
      max: 100,
      valueLabel: '% within 20 weeks',
      categoryLabel: 'Primary need (plans issued)',
    },
  };
  return chartBlock(
    'ehc-needs-chart',
    'Within 20 weeks, by primary need',
    `Bar chart of the percentage of final plans within 20 weeks for ${rows.length} primary needs. The table below names each need.`,
    spec,
    rows.length > 8 ? 'x-tall' : 'tall',
  );
}

function filters(i: EhcInput): string {
  const needs = i.byNeed.map((r) => r.key);
  if (i.need && !needs.includes(i.need)) needs.push(i.need);
  const options = [
    `<option value=""${i.need ? '' : ' selected'}>All needs</option>`,
    ...needs.map(
      (n) => `<option value="${escapeHtml(n)}"${n === i.need ? ' selected' : ''}>${escapeHtml(`${needName(n)} (${n})`)}</option>`,
    ),
  ].join('');
  const month = (date: string) => escapeHtml(date.slice(0, 7));
  return `<form class="filters" method="get" action="${EHC_PATH}"><input type="hidden" name="la" value="${escapeHtml(i.la)}">
<div class="field"><label for="from">From month</label><input id="from" name="from" type="month" value="${month(i.from)}"></div>
<div class="field"><label for="to">To month</label><input id="to" name="to" type="month" value="${month(i.to)}"></div>
<div class="field"><label for="need">Primary need</label><select id="need" name="need">${options}</select></div>
<button class="button" type="submit">Show</button></form>`;
}

export function ehcPage(i: EhcInput, view: TableView): string {
  const query = { la: i.la, from: i.from.slice(0, 7), to: i.to.slice(0, 7), need: i.need };
  const [months, needs] = ehcTables(i);
  const t = i.total;
  const body = [
    `<p class="lead">Of new EHC plans issued from ${escapeHtml(formatDate(i.from))} to ${escapeHtml(formatDate(i.to))}, ` +
      'how many were issued within 20 weeks of the request, as the DfE publishes it: ' +
      'including exceptions, and excluding them (the headline).</p>',
    filters(i),
    '<div class="cards">' +
      stat(String(t.plansIssued), 'final plans issued') +
      stat(formatPercent(t.within20Weeks.including.percent), 'within 20 weeks, including exceptions') +
      stat(formatPercent(t.within20Weeks.excluding.percent), 'within 20 weeks, excluding exceptions') +
      stat(formatWeeks(t.medianWeeks), 'median from request to plan') +
      '</div>',
    monthsChart(i),
    renderTable(months, csvHref(EHC_PATH, query, months.id), view),
    '<h2>By primary need</h2>',
    needsChart(i),
    renderTable(needs, csvHref(EHC_PATH, query, needs.id), view, 3),
  ].join('\n');
  return layout({
    title: 'EHC timeliness',
    caption: `LA ${i.la}${i.laName ? ` ${i.laName}` : ''}`,
    la: i.la,
    active: 'ehc',
    body,
    charts: true,
  });
}
