// EHC timeliness (views/ehc-timeliness.njk): the monthly trend of final plans issued within 20 weeks,
// including and excluding exceptions (the DfE's headline), for all needs or one primary need, and by need.
import type { EhcTimelinessRow } from '@app/compliance';
import { addMonths } from '@app/rules';
import { chartModel, type ChartModel, type ChartSpec } from './chart-block';
import { formatDate, formatMonth, formatMonthLong, formatPercent, formatWeeks, plural } from './format';
import { tableModel, type TableModel, type TableSpec, type TableView } from './html-table';
import { needName } from '@app/compliance';
import { DASHBOARD } from './page-access';
import { laCaption, type PageModel } from './page-render';

export const EHC_PATH = `${DASHBOARD}/ehc-timeliness`;

/** How many months back the month choosers offer: the page shows at most 60 at a time. */
const MONTHS_OFFERED = 60;

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
  today: string;
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
        text: (r) => formatPercent(r.withinIncl),
        cell: (r) => ({ text: formatPercent(r.withinIncl), hint: r.plans ? `${r.withinInclCount} of ${r.plans}` : undefined }),
      },
      {
        key: 'within20WeeksExclPct',
        label: 'Within 20 weeks, excluding exceptions',
        type: 'number',
        value: (r) => r.withinExcl,
        text: (r) => formatPercent(r.withinExcl),
        cell: (r) => ({ text: formatPercent(r.withinExcl), hint: r.plansExcl ? `${r.withinExclCount} of ${r.plansExcl}` : undefined }),
      },
      { key: 'medianWeeks', label: 'Median wait', type: 'number', value: (r) => r.medianWeeks, text: (r) => formatWeeks(r.medianWeeks) },
    ],
    rows: i.months,
  };
  const needs: TableSpec<EhcTimelinessRow> = {
    id: 'needs',
    caption: 'By primary need, whole period',
    note: 'Every primary need, whichever need is chosen above.',
    empty: 'No final plans were issued in this period.',
    columns: [
      { key: 'need', label: 'Primary need', value: (r) => r.key, text: (r) => needName(r.key) },
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
      { key: 'meanWeeks', label: 'Mean wait', type: 'number', value: (r) => r.meanWeeks, text: (r) => formatWeeks(r.meanWeeks) },
      { key: 'medianWeeks', label: 'Median wait', type: 'number', value: (r) => r.medianWeeks, text: (r) => formatWeeks(r.medianWeeks) },
    ],
    rows: i.byNeed,
  };
  return [months, needs] as TableSpec<unknown>[];
}

/** The monthly trend in a few sentences: the period's rate, its best and worst months, the latest. */
export function monthsSummary(i: Pick<EhcInput, 'months' | 'total' | 'need'>): string {
  const withPlans = i.months.filter((m) => m.plans > 0 && m.withinExcl !== null);
  const first = i.months[0];
  const last = i.months[i.months.length - 1];
  if (!first || !last) return 'No months were chosen.';
  const period = `From ${formatMonthLong(first.month)} to ${formatMonthLong(last.month)}`;
  const whose = i.need ? ` for children whose primary need is ${needName(i.need).toLowerCase()}` : '';
  if (!withPlans.length || !i.total.plansIssued) return `${period}, no final plans were issued${whose}.`;
  const t = i.total;
  const sentences = [
    `${period}, ${plural(t.plansIssued, 'final plan')} ${t.plansIssued === 1 ? 'was' : 'were'} issued${whose}: ` +
      `${formatPercent(t.within20Weeks.excluding.percent)} within 20 weeks excluding exceptions, ` +
      `${formatPercent(t.within20Weeks.including.percent)} including them.`,
  ];
  if (withPlans.length > 1) {
    const best = withPlans.reduce((a, m) => ((m.withinExcl ?? 0) > (a.withinExcl ?? 0) ? m : a));
    const worst = withPlans.reduce((a, m) => ((m.withinExcl ?? 0) < (a.withinExcl ?? 0) ? m : a));
    sentences.push(
      `Excluding exceptions, the highest month was ${formatMonthLong(best.month)} (${formatPercent(best.withinExcl)}) ` +
        `and the lowest ${formatMonthLong(worst.month)} (${formatPercent(worst.withinExcl)}).`,
    );
  }
  const latest = withPlans[withPlans.length - 1];
  sentences.push(
    `In ${formatMonthLong(latest.month)}, the latest month with plans, ${formatPercent(latest.withinExcl)} ` +
      `of ${plural(latest.plansExcl, 'plan')} were within 20 weeks excluding exceptions.`,
  );
  const empty = i.months.length - i.months.filter((m) => m.plans > 0).length;
  if (empty)
    sentences.push(`${plural(empty, 'month')} had no plans, so no percentage: the line passes over ${empty === 1 ? 'it' : 'them'}.`);
  return sentences.join(' ');
}

function monthsChart(i: EhcInput): ChartModel | undefined {
  if (!i.months.some((m) => m.plans > 0)) return undefined;
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
  return chartModel(
    'ehc-months-chart',
    `Within 20 weeks, month by month${i.need ? `: ${needName(i.need)}` : ''}`,
    `Line chart of the percentage of final plans issued within 20 weeks in each of ${plural(i.months.length, 'month')}, ` +
      `including and excluding exceptions. ${monthsSummary(i)} The table below gives each month’s figures.`,
    spec,
    'tall',
  );
}

/** A long need's name on a few short lines, so the bar chart keeps room for its bars on a phone. */
function lines(text: string, width = 18): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    const lastLine = out[out.length - 1];
    if (lastLine !== undefined && lastLine.length + word.length + 1 <= width) out[out.length - 1] = `${lastLine} ${word}`;
    else out.push(word);
  }
  return out;
}

function needsChart(i: EhcInput): ChartModel | undefined {
  const rows = i.byNeed.filter((r) => r.plansIssued > 0);
  if (!rows.length) return undefined;
  const spec: ChartSpec = {
    type: 'bar',
    labels: rows.map((r) => lines(`${needName(r.key)} (${r.plansIssued})`)),
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
  const sorted = [...rows].filter((r) => r.within20Weeks.excluding.percent !== null);
  sorted.sort((a, b) => (b.within20Weeks.excluding.percent ?? 0) - (a.within20Weeks.excluding.percent ?? 0));
  const best = sorted[0];
  const worst = sorted[sorted.length - 1];
  const named = (r: EhcTimelinessRow) => `${needName(r.key).toLowerCase()} (${formatPercent(r.within20Weeks.excluding.percent)})`;
  const range = best && worst && best !== worst ? ` Excluding exceptions, the highest is ${named(best)}, the lowest ${named(worst)}.` : '';
  return chartModel(
    'ehc-needs-chart',
    'Within 20 weeks, by primary need',
    `Bar chart of the percentage of final plans issued within 20 weeks for ${plural(rows.length, 'primary need')}, ` +
      `including and excluding exceptions.${range} The table below gives each need’s figures.`,
    spec,
    rows.length > 8 ? 'x-tall' : 'tall',
  );
}

interface SelectItem {
  value: string;
  text: string;
  selected: boolean;
}

interface SelectParams {
  id: string;
  name: string;
  label: { text: string };
  items: SelectItem[];
}

export interface EhcView extends PageModel {
  lead: string;
  /** The trend in words (also beside the chart, when there is one). */
  summary: string;
  filters: { action: string; la: string; from: SelectParams; to: SelectParams; need: SelectParams };
  stats: { value: string; label: string }[];
  monthsChart?: ChartModel;
  needsChart?: ChartModel;
  months: TableModel;
  needs: TableModel;
}

/** The months a chooser offers, newest first, with the chosen one kept even when older. */
function monthItems(i: EhcInput, chosen: string): SelectItem[] {
  const newest = `${i.today.slice(0, 7)}-01`;
  const months = Array.from({ length: MONTHS_OFFERED }, (_, k) => addMonths(newest, -k).slice(0, 7));
  if (!months.includes(chosen)) months.push(chosen);
  return months.map((m) => ({ value: m, text: formatMonthLong(m), selected: m === chosen }));
}

export function ehcView(i: EhcInput, view: TableView): EhcView {
  const query = { la: i.la, from: i.from.slice(0, 7), to: i.to.slice(0, 7), need: i.need };
  const place = { path: EHC_PATH, query };
  const [months, needs] = ehcTables(i);
  const needCodes = i.byNeed.map((r) => r.key);
  if (i.need && !needCodes.includes(i.need)) needCodes.push(i.need);
  const t = i.total;
  return {
    pageTitle: 'EHC timeliness',
    caption: laCaption(i.la, i.laName),
    la: i.la,
    charts: true,
    lead:
      `Of new EHC plans issued from ${formatDate(i.from)} to ${formatDate(i.to)}, how many were issued within 20 weeks ` +
      'of the request, as the DfE publishes it: including exceptions, and excluding them (the headline).',
    summary: monthsSummary(i),
    filters: {
      action: EHC_PATH,
      la: i.la,
      from: { id: 'from', name: 'from', label: { text: 'From' }, items: monthItems(i, query.from) },
      to: { id: 'to', name: 'to', label: { text: 'To' }, items: monthItems(i, query.to) },
      need: {
        id: 'need',
        name: 'need',
        label: { text: 'Primary need' },
        items: [
          { value: '', text: 'All needs', selected: !i.need },
          ...needCodes.map((n) => ({ value: n, text: needName(n), selected: n === i.need })),
        ],
      },
    },
    stats: [
      { value: String(t.plansIssued), label: t.plansIssued === 1 ? 'final plan issued' : 'final plans issued' },
      { value: formatPercent(t.within20Weeks.excluding.percent), label: 'within 20 weeks, excluding exceptions' },
      { value: formatPercent(t.within20Weeks.including.percent), label: 'within 20 weeks, including exceptions' },
      { value: formatWeeks(t.medianWeeks), label: 'median from request to plan' },
    ],
    monthsChart: monthsChart(i),
    needsChart: needsChart(i),
    months: tableModel(months, place, view, 3),
    needs: tableModel(needs, place, view, 3),
  };
}
