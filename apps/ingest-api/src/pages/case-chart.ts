// A case's milestones against their due dates: for each step, the time allowed (clock start to
// due date) beside the time taken (clock start to done, or to today while open).
import type { Milestone } from '@app/rules';
import { chartBlock, type ChartSpec } from './chart-block';
import { dayNumber, formatDate } from './format';
import { stepLabel } from './labels';
import { milestoneStateText } from './status-tags';

const STATE_COLOUR: Record<string, string> = { met: 'green', missed: 'orange', overdue: 'red', pending: 'blue', exempt: 'purple' };

export function caseChart(milestones: Milestone[], asOf: string): string {
  if (!milestones.length) return '<p class="empty">No milestones yet: the clock has not started.</p>';
  const taken = (m: Milestone): [number, number] => [
    dayNumber(m.clockFrom),
    dayNumber(m.doneOn ?? (asOf < m.clockFrom ? m.clockFrom : asOf)),
  ];
  const spec: ChartSpec = {
    type: 'bar',
    labels: milestones.map((m) => `${stepLabel(m.kind, m.service, m.cycle)}: ${milestoneStateText(m.state).toLowerCase()}`),
    datasets: [
      {
        label: 'Time allowed: clock start to due date',
        data: milestones.map((m) => [dayNumber(m.clockFrom), dayNumber(m.dueOn)]),
        colour: 'lightGrey',
        alpha: 0.6,
        outline: true,
      },
      {
        label: 'Time taken: clock start to done (or to today while open)',
        data: milestones.map(taken),
        colours: milestones.map((m) => STATE_COLOUR[m.state] ?? 'grey'),
        legendColour: 'black',
      },
    ],
    options: { indexAxis: 'y', dates: true, valueLabel: 'Date' },
  };
  const late = milestones.filter((m) => m.state === 'overdue' || m.state === 'missed').length;
  const description =
    `Milestones of the case against their due dates: ${milestones.length} steps, ${late} late. ` +
    `As of ${formatDate(asOf)}. The table below gives every date.`;
  const size = milestones.length > 10 ? 'x-tall' : milestones.length > 5 ? 'tall' : 'medium';
  const key =
    '<p class="hint">Time taken is coloured by status: red overdue, orange done late, green done on time, blue not yet due, ' +
    'purple exception applies. The milestones table says each in words.</p>';
  return chartBlock('case-milestones-chart', 'Milestones against their due dates', description, spec, size) + key;
}
