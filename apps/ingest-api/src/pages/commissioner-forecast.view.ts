// The commissioner page's forecast panel for one waiting list: demand against capacity week by week,
// the queueing measures in words, the capacity each target needs, and the list projected to a
// target's deadline with its band and a what-if. A plain view model for views/commissioner.njk.
import type { CapacityReport, ProjectionReport } from '@app/compliance';
import type { WeeklyFlow } from '@app/rules';
import { chartModel, xTicksOf, type ChartModel, type ChartSpec } from './chart-block';
import { dayNumber, formatDate, formatDateLong } from './format';
import type { TableSpec } from './html-table';

export interface ForecastTargetChoice {
  id: number;
  deadline: string;
}

export interface CommissionerForecastInput {
  capacity: CapacityReport;
  /** null when the list has no target to project, or the what-if could not be (see problem). */
  projection: ProjectionReport | null;
  /** A what-if that cannot be projected: the field and why, shown as the form's error. */
  problem: { field: string; reason: string } | null;
  targets: ForecastTargetChoice[];
  /** Each target's title in words, by id (the page's target cards give the same). */
  titles: Map<number, string>;
  /** The form's values as asked (strings, as typed). */
  asked: { target?: string; window?: string; capacityChange?: string; capacityFrom?: string; demandChange?: string };
}

interface ProjectionRow {
  on: string;
  size: number;
  low: number;
  high: number;
  median: number;
  p92: number;
  target: number;
  met: boolean;
}

const r1 = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10) / 10;
const words1 = (n: number | null | undefined): string => {
  const v = r1(n);
  return v === null ? 'no figure' : Number.isInteger(v) ? String(v) : v.toFixed(1);
};
const MEASURE_TO_FORM: Record<string, string> = {
  target: 'target',
  window: 'window',
  capacityChange: 'capacityChange',
  capacityFrom: 'capacityFrom',
  demandChange: 'demandChange',
  deadline: 'target',
};

export function forecastTables(i: CommissionerForecastInput): TableSpec<unknown>[] {
  const flows: TableSpec<WeeklyFlow> = {
    id: 'flows',
    caption: 'Referrals and children seen, week by week',
    note:
      `The ${i.capacity.flows.length} weeks to ${formatDate(i.capacity.asOf)}: referrals are the demand, ` +
      'children seen (or discharged, or closed) the capacity.',
    empty: 'No weeks with referrals yet.',
    columns: [
      { key: 'weekTo', label: 'Week to', type: 'date', value: (w) => w.to, text: (w) => formatDate(w.to) },
      { key: 'referrals', label: 'Referrals', type: 'number', value: (w) => w.added },
      { key: 'removed', label: 'Seen, discharged or closed', type: 'number', value: (w) => w.removed },
    ],
    rows: i.capacity.flows,
  };
  const needs: TableSpec<CapacityReport['targets'][number]> = {
    id: 'target-needs',
    caption: 'The capacity each target needs',
    note: 'Children to see each week from now so the list comes down to the size the target wait allows by the deadline (relief capacity).',
    empty: 'No targets with a deadline are set for this waiting list.',
    columns: [
      { key: 'target', label: 'Target', value: (t) => i.titles.get(t.targetId) ?? 'A target' },
      { key: 'deadline', label: 'Deadline', type: 'date', value: (t) => t.deadline, text: (t) => formatDate(t.deadline) },
      {
        key: 'reliefPerWeek',
        label: 'Children to see a week',
        type: 'number',
        value: (t) => r1(t.relief?.capacity),
        text: (t) => (t.relief ? words1(t.relief.capacity) : (t.why ?? 'no figure')),
      },
      { key: 'weeksLeft', label: 'Weeks to the deadline', type: 'number', value: (t) => r1(t.relief?.weeksToDeadline) },
    ],
    rows: i.capacity.targets,
  };
  const weeks = i.projection?.projection?.weeks ?? [];
  const projection: TableSpec<ProjectionRow> = {
    id: 'projection',
    caption: 'The list projected week by week',
    note: 'The middle projection, and the range 8 in 10 simulated runs stayed within.',
    empty: 'Nothing projected.',
    columns: [
      { key: 'on', label: 'Date', type: 'date', value: (w) => w.on, text: (w) => formatDate(w.on) },
      { key: 'size', label: 'Children waiting', type: 'number', value: (w) => w.size },
      { key: 'low', label: 'Low', type: 'number', value: (w) => w.low },
      { key: 'high', label: 'High', type: 'number', value: (w) => w.high },
      { key: 'medianWeeks', label: 'Middle wait (weeks)', type: 'number', value: (w) => w.median },
      { key: 'p92Weeks', label: 'Wait of 92 in 100 (weeks)', type: 'number', value: (w) => w.p92 },
      { key: 'targetFigure', label: 'Target figure', type: 'number', value: (w) => w.target },
      { key: 'met', label: 'Target met', value: (w) => (w.met ? 'yes' : 'no'), text: (w) => (w.met ? 'Yes' : 'No') },
    ],
    rows: weeks.map((w) => ({
      on: w.on,
      size: Math.round(w.size),
      low: Math.round(w.band.size.low),
      high: Math.round(w.band.size.high),
      median: r1(w.medianWeeks) ?? 0,
      p92: r1(w.p92Weeks) ?? 0,
      target: r1(w.targetValue) ?? 0,
      met: w.met,
    })),
  };
  return [flows, needs, projection];
}

function flowsChart(c: CapacityReport): ChartModel | null {
  if (!c.flows.length) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [demand, capacity] = [mean(c.flows.map((w) => w.added)), mean(c.flows.map((w) => w.removed))];
  const spec: ChartSpec = {
    type: 'bar',
    labels: c.flows.map((w) => formatDate(w.to)),
    datasets: [
      { label: 'Referrals (demand)', data: c.flows.map((w) => w.added), colour: 'orange' },
      { label: 'Seen, discharged or closed (capacity)', data: c.flows.map((w) => w.removed), colour: 'blue' },
    ],
    options: { integer: true, valueLabel: 'Children a week', categoryLabel: 'Week to' },
  };
  return chartModel(
    'flows-chart',
    'Referrals against children seen, each week',
    `Bar chart of ${c.flows.length} weeks to ${formatDate(c.asOf)}: on average ${words1(demand)} referrals and ` +
      `${words1(capacity)} children seen, discharged or closed a week. The table below gives each week.`,
    spec,
  );
}

type ProjectedWeek = NonNullable<ProjectionReport['projection']>['weeks'][number];

/** What the chart draws: the target's own figure when it has a band (size, middle or 92nd percentile wait), else the list's size. */
function charted(measure: string): {
  label: string;
  weeks: boolean;
  of: (w: ProjectedWeek) => { y: number; low: number; high: number };
} {
  if (measure === 'waiting_median_weeks')
    return { label: 'Middle (median) wait', weeks: true, of: (w) => ({ y: w.medianWeeks, ...w.band.medianWeeks }) };
  if (measure === 'waiting_p92_weeks')
    return { label: 'Wait of 92 in 100', weeks: true, of: (w) => ({ y: w.p92Weeks, ...w.band.p92Weeks }) };
  return { label: 'Children waiting', weeks: false, of: (w) => ({ y: w.size, ...w.band.size }) };
}

function projectionChart(p: ProjectionReport): ChartModel | null {
  const weeks = p.projection?.weeks ?? [];
  if (!weeks.length) return null;
  const days = weeks.map((w) => dayNumber(w.on));
  const c = charted(p.target.measure);
  const values = weeks.map(c.of);
  const threshold = ['waiting_count', 'waiting_median_weeks', 'waiting_p92_weeks'].includes(p.target.measure);
  const line = (label: string, ys: (number | null)[], colour: string, dash: number[]) => ({
    label,
    data: ys.map((y, k) => ({ x: days[k], y })),
    colour,
    dash,
    pointRadius: 0,
    point: 'line' as const,
    width: 2,
  });
  const spec: ChartSpec = {
    type: 'line',
    labels: [],
    datasets: [
      {
        label: `${c.label} (projected)`,
        data: values.map((v, k) => ({ x: days[k], y: r1(v.y) })),
        colour: 'blue',
        point: 'circle',
        pointRadius: 2,
      },
      line(
        'High (8 in 10 runs below)',
        values.map((v) => r1(v.high)),
        'lightBlue',
        [6, 4],
      ),
      line(
        'Low (8 in 10 runs above)',
        values.map((v) => r1(v.low)),
        'lightBlue',
        [2, 3],
      ),
      ...(threshold
        ? [
            line(
              `Target: ${p.target.threshold}`,
              values.map(() => p.target.threshold),
              'orange',
              [2, 3],
            ),
          ]
        : []),
    ],
    options: { valueLabel: c.weeks ? 'Weeks' : 'Children waiting', xDates: true, min: 0, integer: !c.weeks, xTicks: xTicksOf(days, 5) },
  };
  const [first, last] = [values[0], values[values.length - 1]];
  // Children are whole; weeks read to one decimal.
  const say = (n: number) => (c.weeks ? `${words1(n)} weeks` : String(Math.round(n)));
  return chartModel(
    'projection-chart',
    'The list projected to the deadline',
    `Line chart of the ${c.label.toLowerCase()}, projected from ${say(first.y)} on ${formatDate(weeks[0].on)} to ` +
      `${say(last.y)} on ${formatDate(weeks[weeks.length - 1].on)} (8 in 10 simulated runs between ${say(last.low)} and ` +
      `${say(last.high)}). ${p.answer}. The table below gives each week.`,
    spec,
    'small',
  );
}

export interface ForecastPanel {
  windowText: string;
  notEnoughData: string | null;
  stats: { value: string; label: string; tone?: 'red' | 'green' }[];
  loadWords: string | null;
  flowsChart: ChartModel | null;
  projection: { answer: string; met: boolean; targetWords: string; whatIfWords: string | null; chart: ChartModel | null } | null;
  form: {
    targetSelect: object | null;
    capacityChange: object;
    capacityFrom: object;
    demandChange: object;
    window: object;
  };
  errorSummary?: object;
}

export function forecastPanel(i: CommissionerForecastInput): ForecastPanel {
  const c = i.capacity;
  const m = c.measures;
  const pr = i.projection;
  const p = pr?.projection ?? null;
  const err = (field: string) =>
    i.problem && MEASURE_TO_FORM[i.problem.field] === field
      ? { text: `${field === 'target' && i.problem.field === 'deadline' ? "The target's deadline" : labelOf(field)} ${i.problem.reason}` }
      : undefined;
  const whatIf = pr
    ? [
        pr.whatIf.capacityChange
          ? `${pr.whatIf.capacityChange > 0 ? '+' : ''}${pr.whatIf.capacityChange} a week from ${formatDateLong(pr.whatIf.capacityFrom)}`
          : null,
        pr.whatIf.demandChange ? `referrals ${pr.whatIf.demandChange > 0 ? 'down' : 'up'} ${Math.abs(pr.whatIf.demandChange)}%` : null,
      ].filter(Boolean)
    : [];
  return {
    windowText: m
      ? `Over the ${m.window.weeks} weeks from ${formatDateLong(m.window.from)} to ${formatDateLong(m.window.to)}.`
      : `Over the last ${c.windowWeeks} weeks.`,
    notEnoughData: c.notEnoughData ? `No forecast: ${c.notEnoughData.why}.` : null,
    stats: m
      ? [
          { value: words1(m.demand), label: 'referrals a week (demand)' },
          { value: words1(m.capacity), label: 'children seen, discharged or closed a week (capacity)' },
          { value: words1(m.targetCapacity), label: `seen a week to keep waits within ${m.targetWeeks} weeks (target capacity)` },
          {
            value: words1(m.queueLoad),
            label: 'queue load: referrals for each child seen',
            tone: m.queueLoad !== null && m.queueLoad >= 1 ? 'red' : 'green',
          },
          {
            value: words1(m.pressure),
            label: 'waiting-list pressure (above 1: waits are longer than the target allows)',
            tone: m.pressure !== null && m.pressure > 1 ? 'red' : 'green',
          },
        ]
      : [],
    loadWords: m
      ? m.queueLoad === null
        ? 'Nobody was seen in these weeks: the list only grows.'
        : m.queueLoad >= 1
          ? `More children are referred than seen: at this rate the list grows by about ${words1(m.demand - m.capacity)} a week.`
          : `More children are seen than referred: at this rate the list shrinks by about ${words1(m.capacity - m.demand)} a week.`
      : null,
    flowsChart: flowsChart(c),
    projection:
      pr && p
        ? {
            answer: pr.answer,
            met: p.answer.status === 'met',
            targetWords: `Against the target ${titleOf(i, pr.target.targetId)}, by ${formatDateLong(pr.target.deadline)}.`,
            whatIfWords: whatIf.length ? `With ${whatIf.join(' and ')}.` : null,
            chart: projectionChart(pr),
          }
        : pr
          ? { answer: pr.answer, met: false, targetWords: '', whatIfWords: null, chart: null }
          : null,
    form: {
      targetSelect: i.targets.length
        ? {
            id: 'target',
            name: 'target',
            label: { text: 'Target' },
            items: i.targets.map((t) => ({
              value: String(t.id),
              text: `${i.titles.get(t.id) ?? 'A target'} (by ${formatDate(t.deadline)})`,
              selected: String(t.id) === (i.asked.target ?? String(pr?.target.targetId ?? '')),
            })),
            errorMessage: err('target'),
          }
        : null,
      capacityChange: {
        id: 'capacityChange',
        name: 'capacityChange',
        label: { text: 'More children seen a week (fewer: a minus sign)' },
        inputmode: 'decimal',
        classes: 'govuk-input--width-5',
        value: i.asked.capacityChange,
        errorMessage: err('capacityChange'),
      },
      capacityFrom: {
        id: 'capacityFrom',
        name: 'capacityFrom',
        label: { text: 'From (YYYY-MM-DD; default tomorrow)' },
        classes: 'govuk-input--width-10',
        value: i.asked.capacityFrom,
        errorMessage: err('capacityFrom'),
      },
      demandChange: {
        id: 'demandChange',
        name: 'demandChange',
        label: { text: 'Referrals cut by this per cent (more: a minus sign)' },
        inputmode: 'decimal',
        classes: 'govuk-input--width-5',
        suffix: { text: '%' },
        value: i.asked.demandChange,
        errorMessage: err('demandChange'),
      },
      window: {
        id: 'window',
        name: 'window',
        label: { text: 'Weeks of history to measure from' },
        inputmode: 'numeric',
        classes: 'govuk-input--width-3',
        value: i.asked.window ?? String(c.windowWeeks),
        errorMessage: err('window'),
      },
    },
    errorSummary: i.problem
      ? {
          titleText: 'There is a problem',
          errorList: [
            {
              text: err(MEASURE_TO_FORM[i.problem.field] ?? 'target')?.text ?? `${i.problem.field} ${i.problem.reason}`,
              href: `#${MEASURE_TO_FORM[i.problem.field] ?? 'target'}`,
            },
          ],
        }
      : undefined,
  };
}

const titleOf = (i: CommissionerForecastInput, id: number | null): string => (id === null ? '' : (i.titles.get(id) ?? ''));

function labelOf(field: string): string {
  switch (field) {
    case 'capacityChange':
      return 'The change in children seen a week';
    case 'capacityFrom':
      return 'The date the change starts';
    case 'demandChange':
      return 'The cut in referrals';
    case 'window':
      return 'Weeks of history';
    default:
      return 'The target';
  }
}
