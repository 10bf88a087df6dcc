// A target in words, for any page that shows targets (the commissioner's waiting lists, the leader's
// board page): its name, the measure with its unit, today's figure, the line it must follow from
// its start to the goal by the deadline, how far short amber allows, and on or off track by how much.
import { amberTolerance, type Rag, type RulesTable } from '@app/rules';
import { formatDate } from './format';
import { measureGap, measureValue, targetMeasureWords, targetName } from '@app/compliance';
import { ragTagModel } from './status-tags';

/** A target's figures as the reports give them (ReportTargetStatus, or the summary's TargetLine). */
export interface TargetFigures {
  pathway: string;
  measure: string;
  threshold: number;
  /** gte: higher is better; lte: lower is better. Default: gte for percentages, else lte. */
  comparator?: 'lte' | 'gte';
  deadline?: string | null;
  /** The trajectory's value today, and the figure today. */
  expected: number | null;
  actual: number | null;
  status: Rag | null;
  /** The line from its start through its interim points to the threshold at the deadline. */
  trajectory?: { on: string; value: number }[];
  /** The date the figures are for (default: not said). */
  asOf?: string;
}

export interface TargetView {
  title: string;
  /** What is measured, with its unit: "% of children waiting under 18 weeks". */
  measure: string;
  /** "At least 92% by 31 Mar 2027". */
  goal: string;
  /** Today's figure with its unit, or "No figure yet". */
  today: string;
  /** The trajectory's value today, with its unit. */
  expected: string | null;
  /** "From 14 children on 30 Nov 2026 to 0 children by 31 Mar 2027, in a straight line." */
  trajectory: string | null;
  /** What amber allows, in words. */
  amber: string;
  /** "On track", "Off track by 3 children"... */
  verdict: string;
  tag: { text: string; colour: 'red' | 'orange' | 'green' | 'grey' };
  /** govukSummaryList rows. */
  rows: { key: { text: string }; value: { text: string } }[];
}

const comparatorOf = (t: TargetFigures): 'lte' | 'gte' => t.comparator ?? (t.measure.endsWith('_pct') ? 'gte' : 'lte');

function trajectoryWords(t: TargetFigures, fmt: (n: number) => string): string | null {
  const line = t.trajectory ?? [];
  if (line.length < 2) return null;
  const [first, ...rest] = line;
  const last = rest[rest.length - 1];
  const middle = rest.slice(0, -1).map((p) => `${fmt(p.value)} on ${formatDate(p.on)}`);
  return (
    `From ${fmt(first.value)} on ${formatDate(first.on)}${middle.length ? `, through ${middle.join(' and ')},` : ''} ` +
    `to ${fmt(last.value)} by ${formatDate(last.on)}, in a straight line between these.`
  );
}

function verdictWords(t: TargetFigures, gapWords: (n: number) => string, comparator: 'lte' | 'gte'): string {
  if (t.actual === null || t.expected === null || t.status === null) return 'No figure yet, so not judged.';
  const shortfall = comparator === 'lte' ? t.actual - t.expected : t.expected - t.actual;
  const gap = Math.round(Math.abs(shortfall) * 10) / 10;
  const late = t.deadline && t.asOf && t.asOf > t.deadline ? 'The deadline has passed. ' : '';
  if (t.status === 'green') return `${late}On track${gap > 0 && shortfall < 0 ? `: ${gapWords(gap)} better than the trajectory` : ''}.`;
  return `${late}Off track by ${gapWords(gap)}${t.status === 'amber' ? ", within amber's tolerance" : ''}.`;
}

export function targetView(t: TargetFigures, rules: Pick<RulesTable, 'waits' | 'targets'>): TargetView {
  const comparator = comparatorOf(t);
  const { words, unit } = targetMeasureWords(t.measure, t.pathway, rules.waits);
  const fmt = (n: number) => measureValue(n, unit);
  const gapWords = (n: number) => measureGap(n, unit);
  const pct = rules.targets.amberTolerancePercent;
  const worse = comparator === 'gte' ? 'short of' : 'above';
  const allowance = t.expected === null ? null : amberTolerance(t.expected, rules);
  const today =
    allowance === null
      ? ''
      : unit === 'children' && allowance < 1
        ? ' Today that is less than one child, so any child above the trajectory is red.'
        : ` Today that is ${gapWords(allowance)}.`;
  const amber = `Amber: up to ${pct}% ${worse} the trajectory; red: further off.${today}`;
  const none = unit === 'children' && comparator === 'lte' && t.threshold === 0;
  const bound = none ? 'None' : `${comparator === 'gte' ? 'At least' : 'At most'} ${fmt(t.threshold)}`;
  const goal = `${bound}${t.deadline ? ` by ${formatDate(t.deadline)}` : ''}`;
  const trajectory = trajectoryWords(t, fmt);
  const verdict = verdictWords(t, gapWords, comparator);
  const view = {
    title: targetName({ ...t, comparator }, rules.waits),
    measure: words,
    goal,
    today: t.actual === null ? 'No figure yet' : fmt(t.actual),
    expected: t.expected === null ? null : fmt(t.expected),
    trajectory,
    amber,
    verdict,
    tag: ragTagModel(t.status),
  };
  const row = (key: string, value: string | null) => (value === null ? [] : [{ key: { text: key }, value: { text: value } }]);
  return {
    ...view,
    rows: [
      ...row('Measure', view.measure),
      ...row('Goal', view.goal),
      ...row(t.asOf ? `Figure on ${formatDate(t.asOf)}` : 'Figure now', view.today),
      ...row('Trajectory', view.trajectory),
      ...row('The trajectory asks for now', view.expected),
      ...row('Tolerance', view.amber),
      ...row('Verdict', `${view.tag.text}. ${view.verdict}`),
    ],
  };
}
