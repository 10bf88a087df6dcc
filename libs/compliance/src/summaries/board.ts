// The weekly summary as a leader reads it, in words: the headline 20-week figure against a year
// earlier and England, what turned red or improved since last week, the targets off track, the
// cases longest overdue. One model, so the page and the mail say the same things in the same order.
import { RULES_EDITION_CHANGE, type RulesTable } from '@app/rules';
import { stepLabel } from '../labels/labels';
import { pathwayLabel } from './figure-labels';
import { longDate } from './format-figure';
import type { Figure, ProjectedTwentyWeeks, SummaryForecast, TargetFigure, TwentyWeekRate, WeeklyFigures } from './weekly-figures';

/** What the board needs of the rules: the wait targets (for the measures' words) and amber's tolerance. */
export type BoardRules = Pick<RulesTable, 'waits' | 'targets'>;

export interface HeadlineRow {
  label: string;
  thisYear: string;
  lastYear: string;
  england: string;
}

export interface BoardHeadline {
  /** One sentence: this year's DfE figure against a year earlier and England. */
  summary: string;
  columns: { thisYear: string; lastYear: string; england: string };
  rows: HeadlineRow[];
}

export interface BoardChanges {
  turnedRed: string[];
  worse: string[];
  improved: string[];
}

/** A target in words: the same shape as the commissioner page's target lines. */
export interface TargetWords {
  name: string;
  /** What is measured, with its unit. */
  measure: string;
  value: string;
  goal: string;
  status: string;
  rag: 'red' | 'amber' | 'green' | null;
}

export interface OverdueWords {
  caseRef: string;
  pathway: string;
  kind: string;
  service: string | null;
  cycle: number | null;
  /** What is late, in words. */
  step: string;
  dueOn: string;
  /** "38 weeks" (whole weeks past the due date, on the week's Monday). */
  overdueFor: string;
  daysOverdue: number;
  owner: string;
}

/** Where the year is heading, in words. */
export interface BoardForecast {
  /** The year's projected 20-week figure with its interval, beside the LA's last published one. */
  summary: string;
  rows: { label: string; projected: string; published: string }[];
  columns: { projected: string; published: string };
  /** Waiting-list targets the projection says will not be met: "<target>: <answer>". */
  targetsAtRisk: string[];
}

export interface WeeklyBoard {
  title: string;
  weekBeginning: string;
  lastWeekBeginning: string;
  /** Missing figures, said once at the top. */
  notes: string[];
  headline: BoardHeadline | null;
  changes: BoardChanges;
  targets: { total: number; offTrack: TargetWords[]; amberRule: string };
  /** null for a summary stored before the list was kept. */
  overdue: OverdueWords[] | null;
  /** null for a summary stored before forecasts, or built without them. */
  forecast: BoardForecast | null;
}

const NO_FIGURE = 'no figure';
/** What the mail and the page say of a summary stored before the longest-overdue list was kept. */
export const OVERDUE_NOT_KEPT = 'This summary was stored before the longest-overdue cases were kept.';
const RANK: Record<string, number> = { green: 0, amber: 1, red: 2 };

/** "week beginning 16 November 2026". */
export const weekBeginning = (monday: string): string => `week beginning ${longDate(monday)}`;

const rate = (r: TwentyWeekRate | null | undefined): string =>
  r && r.percent !== null ? `${r.percent.toFixed(1)}% (${r.count} of ${r.of})` : NO_FIGURE;
const pctOrNone = (p: number | null | undefined): string => (p === null || p === undefined ? NO_FIGURE : `${p.toFixed(1)}%`);

/** "up 0.4 points", "down 3", "no change". */
export function changeWords(change: number, unit: Figure['unit']): string {
  if (change === 0) return 'no change';
  const amount = unit === 'count' ? String(Math.abs(change)) : Math.abs(change).toFixed(1);
  const what = unit === 'percent' ? (Math.abs(change) === 1 ? ' point' : ' points') : unit === 'weeks' ? ' weeks' : '';
  return `${change > 0 ? 'up' : 'down'} ${amount}${what}`;
}

function headline(f: WeeklyFigures): BoardHeadline | null {
  const h = f.headline;
  if (!h) return null;
  const englandYear = h.england ? `England, ${h.england.year}` : 'England';
  const ex = h.thisYear.excluding?.percent ?? null;
  const exBefore = h.lastYear.excluding?.percent ?? null;
  const parts = [
    ex === null
      ? `No final plans were issued in the 12 months to ${longDate(h.thisYear.asOf)}, so there is no 20-week figure yet.`
      : `${ex.toFixed(1)}% of final plans were issued within 20 weeks (excluding exceptions, as the DfE publishes it) ` +
        `in the 12 months to ${longDate(h.thisYear.asOf)}` +
        (exBefore === null
          ? '.'
          : `, ${changeWords(Math.round((ex - exBefore) * 10) / 10, 'percent')} on the 12 months to ` +
            `${longDate(h.lastYear.asOf)} (${exBefore.toFixed(1)}%).`),
    h.england?.excluding !== null && h.england?.excluding !== undefined
      ? `England's figure for ${h.england.year} was ${h.england.excluding.toFixed(1)}%.`
      : '',
  ];
  return {
    summary: parts.filter(Boolean).join(' '),
    columns: {
      thisYear: `12 months to ${longDate(h.thisYear.asOf)}`,
      lastYear: `12 months to ${longDate(h.lastYear.asOf)}`,
      england: `${englandYear} (published)`,
    },
    rows: [
      {
        label: 'Excluding exceptions (as the DfE publishes it)',
        thisYear: rate(h.thisYear.excluding),
        lastYear: rate(h.lastYear.excluding),
        england: pctOrNone(h.england?.excluding),
      },
      {
        label: 'Including exceptions',
        thisYear: rate(h.thisYear.including),
        lastYear: rate(h.lastYear.including),
        england: pctOrNone(h.england?.including),
      },
    ],
  };
}

/** The measure of a target in words, with its unit, and how its values read. */
function measureOf(t: Pick<TargetFigure, 'pathway' | 'measure'>, rules: BoardRules): { words: string; unit: Figure['unit'] } {
  const targetWeeks = t.pathway === 'slt' ? rules.waits.sltTargetWeeks : rules.waits.ndTargetWeeks;
  const start = t.pathway === 'slt' ? 'first contact' : 'an assessment started';
  const words: Record<string, [string, Figure['unit']]> = {
    waiting_count: ['children waiting', 'count'],
    waiting_median_weeks: ['the middle wait of children waiting, in weeks', 'weeks'],
    waiting_p92_weeks: ['the wait 92 in 100 children waiting are within, in weeks', 'weeks'],
    waiting_within_target_pct: [`% of children waiting under ${targetWeeks} weeks for ${start}`, 'percent'],
    waiting_over_max_count: [`children waiting ${rules.waits.maxWeeks} weeks or more`, 'count'],
    seen_median_weeks: ['the middle wait to first contact, in weeks', 'weeks'],
    final_within_20_weeks_pct: ['% of final plans issued within 20 weeks, including exceptions', 'percent'],
    final_within_20_weeks_ex_pct: ['% of final plans issued within 20 weeks, excluding exceptions', 'percent'],
    decisions_within_6_weeks_pct: ['% of decisions whether to assess made within 6 weeks', 'percent'],
    advice_within_6_weeks_pct: ['% of advice returned within 6 weeks', 'percent'],
    meetings_on_time_pct: ['% of annual review meetings held on time', 'percent'],
    review_decisions_within_4_weeks_pct: ['% of review decisions made within 4 weeks of the meeting', 'percent'],
    amended_within_12_weeks_pct: ['% of amended plans issued within 12 weeks of the meeting', 'percent'],
    phase_transfers_on_time_pct: ['% of phase transfers amended on time', 'percent'],
  };
  const [w, unit] = words[t.measure] ?? [t.measure.replace(/_/g, ' '), 'count'];
  return { words: w, unit };
}

function valueWords(n: number, unit: Figure['unit']): string {
  if (unit === 'percent') return `${n.toFixed(1)}%`;
  if (unit === 'weeks') return `${n.toFixed(1)} weeks`;
  return `${n} ${n === 1 ? 'child' : 'children'}`;
}

function gapWords(n: number, unit: Figure['unit']): string {
  if (unit === 'percent') return `${n.toFixed(1)} ${n === 1 ? 'point' : 'points'}`;
  return valueWords(unit === 'weeks' ? n : Math.round(n), unit);
}

/** A target as words: name, measure with unit, today's value, the goal, and on or off track by how much. */
export function targetWords(t: TargetFigure, rules: BoardRules): TargetWords {
  const m = measureOf(t, rules);
  const lower = t.comparator === 'lte' || /_(count|weeks)$/.test(t.measure);
  const expected = t.expected ?? t.threshold;
  const by = t.deadline ? ` by ${longDate(t.deadline)}` : '';
  const goal =
    `${lower ? 'at most' : 'at least'} ${valueWords(expected, m.unit)} now` +
    (expected !== t.threshold || by ? `; ${valueWords(t.threshold, m.unit)}${by}` : '');
  const gap = t.actual === null ? null : lower ? t.actual - expected : expected - t.actual;
  const status =
    t.status === null || t.actual === null
      ? 'No figure this week'
      : t.status === 'green' || gap === null || gap <= 0
        ? 'On track'
        : `${t.status === 'red' ? 'Red' : 'Amber'}: off track by ${gapWords(Math.round(gap * 10) / 10, m.unit)}`;
  return {
    name: pathwayLabel(t.pathway),
    measure: m.words,
    value: t.actual === null ? NO_FIGURE : valueWords(t.actual, m.unit),
    goal,
    status,
    rag: t.status,
  };
}

/** Key figures whose week-on-week change a leader should see (all others are in the full tables). */
const WATCHED = [
  'ehc.within20Weeks.excluding',
  'ehc.within20Weeks.including',
  'decisions.excluding',
  'open.overdue',
  'open.finalPlanOverdue',
  'advice.all.excluding',
  'reviews.meetingsOnTime',
  'waits.slt.waiting',
  'waits.slt.overMax',
  'waits.neurodevelopmental.waiting',
  'waits.neurodevelopmental.overMax',
];

const figureValue = (x: Figure): string =>
  x.thisWeek === null ? NO_FIGURE : x.unit === 'count' ? String(x.thisWeek) : valueWords(x.thisWeek, x.unit);

function changes(f: WeeklyFigures, rules: BoardRules): BoardChanges {
  const out: BoardChanges = { turnedRed: [], worse: [], improved: [] };
  for (const t of f.targets) {
    if (t.status === null) continue;
    const w = targetWords(t, rules);
    const was = t.lastWeekStatus;
    const line = `${w.name}, ${w.measure}: ${w.value}, ${t.status}${was ? `, was ${was}` : ''}`;
    if (t.status === 'red' && was !== 'red') out.turnedRed.push(line);
    else if (was !== null && RANK[t.status] > RANK[was]) out.worse.push(line);
    else if (was !== null && RANK[t.status] < RANK[was]) out.improved.push(line);
  }
  const byMeasure = new Map(f.sections.flatMap((s) => s.figures).map((x) => [x.measure, x]));
  for (const key of WATCHED) {
    const x = byMeasure.get(key);
    if (!x || x.change === null || x.change === 0 || x.better === null) continue;
    const line = `${x.label}: ${figureValue(x)}, ${changeWords(x.change, x.unit)} on last week`;
    (x.change > 0 === (x.better === 'higher') ? out.improved : out.worse).push(line);
  }
  for (const b of f.breaches) {
    if (b.change === null || b.change === 0) continue;
    const line = `${b.label}: ${b.count} ${b.count === 1 ? 'case' : 'cases'}, ${changeWords(b.change, 'count')} on last week`;
    (b.change > 0 ? out.worse : out.improved).push(line);
  }
  // Breaches that cleared since last week are no longer in this week's list.
  return out;
}

const dayNumber = (iso: string): number => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86400000);

function overdue(f: WeeklyFigures): OverdueWords[] | null {
  if (!f.overdueCases) return null;
  return f.overdueCases.map((c) => {
    const days = Math.max(0, dayNumber(f.weekStart) - dayNumber(c.dueOn));
    const weeks = Math.floor(days / 7);
    return {
      caseRef: c.caseRef,
      pathway: c.pathway,
      kind: c.kind,
      service: c.service,
      cycle: c.cycle,
      // The step as the leader page names it (stepLabel), the same words in the mail.
      step: stepLabel(c.kind, c.service, c.cycle),
      dueOn: longDate(c.dueOn),
      overdueFor: weeks >= 1 ? `${weeks} ${weeks === 1 ? 'week' : 'weeks'}` : `${days} ${days === 1 ? 'day' : 'days'}`,
      daysOverdue: days,
      owner: c.ownerRef ?? 'Not assigned',
    };
  });
}

const projected = (p: ProjectedTwentyWeeks): string =>
  p.percent === null
    ? NO_FIGURE
    : `${p.percent.toFixed(1)}%${p.low !== null && p.high !== null ? ` (${p.low.toFixed(1)}% to ${p.high.toFixed(1)}%)` : ''}`;

function forecastWords(f: SummaryForecast | undefined, rules: BoardRules): BoardForecast | null {
  if (!f) return null;
  const ex = f.excluding;
  const chance = `${f.intervalPercent / 10} times in 10`;
  const published = f.published?.excluding ?? null;
  const summary = [
    ex.percent === null
      ? `No final plans are expected in ${f.year}, so there is no projected 20-week figure.`
      : `At this rate ${ex.percent.toFixed(1)}% of ${f.year}'s final plans will be issued within 20 weeks, excluding exceptions` +
        (ex.low !== null && ex.high !== null ? ` (${chance} between ${ex.low.toFixed(1)}% and ${ex.high.toFixed(1)}%).` : '.'),
    f.published && published !== null ? `The LA's published figure for ${f.published.year} was ${published.toFixed(1)}%.` : '',
  ];
  return {
    summary: summary.filter(Boolean).join(' '),
    columns: {
      projected: `${f.year}, projected on ${longDate(f.asOf)} (${f.intervalPercent}% interval)`,
      published: f.published ? `${f.published.year} (published)` : 'Last published',
    },
    rows: [
      {
        label: 'Excluding exceptions (as the DfE publishes it)',
        projected: projected(f.excluding),
        published: pctOrNone(f.published?.excluding),
      },
      { label: 'Including exceptions', projected: projected(f.including), published: pctOrNone(f.published?.including) },
    ],
    targetsAtRisk: f.targetsAtRisk.map((t) => `${pathwayLabel(t.pathway)}, ${measureOf(t, rules).words}: ${t.answer}`),
  };
}

export function weeklyBoard(f: WeeklyFigures, rules: BoardRules, laName?: string | null): WeeklyBoard {
  const notes = [
    f.snapshots.thisWeek ? '' : `No figures were available for the ${weekBeginning(f.weekStart)}.`,
    f.snapshots.lastWeek ? '' : `No figures were available for the ${weekBeginning(f.lastWeekStart)}, so changes are not shown.`,
    f.rulesChanged
      ? `The rules the figures follow changed between the two weeks (${RULES_EDITION_CHANGE}), so a change from last week ` +
        'may come from the rules rather than from the work. Every case was evaluated again under the new rules.'
      : '',
  ].filter(Boolean);
  const offTrack = f.targets
    .filter((t) => t.status === 'red' || t.status === 'amber')
    .sort((a, b) => RANK[b.status!] - RANK[a.status!])
    .map((t) => targetWords(t, rules));
  return {
    title: `Weekly summary for ${laName ? `${laName} (LA ${f.la})` : `LA ${f.la}`}, ${weekBeginning(f.weekStart)}`,
    weekBeginning: weekBeginning(f.weekStart),
    lastWeekBeginning: weekBeginning(f.lastWeekStart),
    notes,
    headline: headline(f),
    changes: changes(f, rules),
    targets: {
      total: f.targets.length,
      offTrack,
      amberRule:
        `Amber means short of the trajectory by no more than ${rules.targets.amberTolerancePercent}% of its value; ` +
        'red means further off.',
    },
    overdue: overdue(f),
    forecast: forecastWords(f.forecast, rules),
  };
}
