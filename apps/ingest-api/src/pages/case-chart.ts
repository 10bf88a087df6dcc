// A case's milestones against their due dates: for each step, the time allowed (clock start to
// due date) beside the time taken (clock start to done, or to today while open). The time taken is
// one series per status, so each legend swatch is the colour of its bars; the words are in the
// labels and the milestones table.
import type { Milestone, MilestoneState } from '@app/rules';
import { chartModel, type ChartModel, type ChartSeries, type ChartSpec } from './chart-block';
import { dayNumber, formatDate } from './format';
import { stepLabel } from '@app/compliance';
import { milestoneStateText } from './status-tags';

/** Each status's bars and legend: colour and words, in the order the legend lists them. */
const STATES: { state: MilestoneState; colour: string; label: string }[] = [
  { state: 'overdue', colour: 'red', label: 'Time so far: overdue' },
  { state: 'missed', colour: 'orange', label: 'Time taken: done late' },
  { state: 'met', colour: 'green', label: 'Time taken: done on time' },
  { state: 'pending', colour: 'blue', label: 'Time so far: not yet due' },
  { state: 'exempt', colour: 'purple', label: 'Time taken: exception applies' },
];

/** A label on lines of about `width` characters, so a phone's narrow chart keeps it whole. */
export function wrapLabel(text: string, width = 22): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function caseChart(milestones: Milestone[], asOf: string): ChartModel | null {
  if (!milestones.length) return null;
  const taken = (m: Milestone): [number, number] => [
    dayNumber(m.clockFrom),
    dayNumber(m.doneOn ?? (asOf < m.clockFrom ? m.clockFrom : asOf)),
  ];
  const byState: ChartSeries[] = STATES.filter((s) => milestones.some((m) => m.state === s.state)).map((s) => ({
    label: s.label,
    data: milestones.map((m) => (m.state === s.state ? taken(m) : null)),
    colour: s.colour,
    skipNull: true,
  }));
  const labels = milestones.map((m) => [
    ...wrapLabel(stepLabel(m.kind, m.service, m.cycle)),
    `(${milestoneStateText(m.state).toLowerCase()})`,
  ]);
  const spec: ChartSpec = {
    type: 'bar',
    labels,
    datasets: [
      {
        label: 'Time allowed: clock start to due date',
        data: milestones.map((m) => [dayNumber(m.clockFrom), dayNumber(m.dueOn)]),
        colour: 'lightGrey',
        alpha: 0.6,
        outline: true,
        skipNull: true,
      },
      ...byState,
    ],
    options: { indexAxis: 'y', dates: true, valueLabel: 'Date', legend: true },
  };
  const late = milestones.filter((m) => m.state === 'overdue' || m.state === 'missed').length;
  const description =
    `The case's ${milestones.length} ${milestones.length === 1 ? 'step' : 'steps'} against their due dates, ` +
    `${late} of them late, as of ${formatDate(asOf)}. Each step has two bars: the time allowed, and the time taken ` +
    '(or so far), coloured by its status. The milestones table below gives every date.';
  // Tall enough for every label's lines (about 18 px each) beside its two bars.
  const lines = labels.reduce((n, l) => n + Math.max(l.length, 2), 0);
  const size = lines > 16 ? 'x-tall' : lines > 8 ? 'tall' : 'medium';
  return chartModel('case-milestones-chart', 'Milestones against their due dates', description, spec, size);
}
