// Targets are data: a measure, a threshold, the date by which it must hold, and a trajectory of
// interim points. A target without a date is refused (a target has a number and a date: docs/rules.md, "Targets and red, amber, green").
import { PATHWAYS, type IsoDate, type Pathway } from '../contract';
import { isIsoDate, toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';

export const TARGET_MEASURES = [
  'waiting_count',
  'waiting_median_weeks',
  'waiting_p92_weeks',
  'waiting_within_target_pct',
  'waiting_over_max_count',
  'seen_median_weeks',
  'final_within_20_weeks_pct',
  'final_within_20_weeks_ex_pct',
  'decisions_within_6_weeks_pct',
  'advice_within_6_weeks_pct',
  'meetings_on_time_pct',
  'review_decisions_within_4_weeks_pct',
  'amended_within_12_weeks_pct',
  'phase_transfers_on_time_pct',
] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** lte: lower is better (weeks, counts); gte: higher is better (percentages on time). */
export type Comparator = 'lte' | 'gte';

export interface TrajectoryPoint {
  date: IsoDate;
  value: number;
}

export interface Target {
  name?: string;
  la?: string;
  pathway: Pathway;
  measure: TargetMeasure;
  threshold: number;
  comparator: Comparator;
  deadline: IsoDate;
  /** Interim points before the deadline, ascending; the deadline's point is the threshold. */
  trajectory: TrajectoryPoint[];
  /** linear: straight line between points; step: the latest point reached holds until the next. */
  interpolation: 'linear' | 'step';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(field: string, why: string): never {
  throw new Error(`target.${field} ${why}`);
}

/** Validates a target; throws naming the field ("target.deadline is required ..."). */
export function parseTarget(json: unknown): Target {
  if (!isRecord(json)) throw new Error('target must be an object');
  const { name, la, pathway, measure, threshold, comparator, deadline, trajectory = [], interpolation = 'linear' } = json;
  if (deadline === undefined || deadline === null || deadline === '') fail('deadline', 'is required: a target without a date is refused');
  if (!isIsoDate(deadline)) fail('deadline', "must be a date 'YYYY-MM-DD'");
  if (!PATHWAYS.includes(pathway as Pathway)) fail('pathway', `must be one of ${PATHWAYS.join(', ')}`);
  if (!TARGET_MEASURES.includes(measure as TargetMeasure)) fail('measure', `must be one of ${TARGET_MEASURES.join(', ')}`);
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) fail('threshold', 'must be a number');
  if (comparator !== 'lte' && comparator !== 'gte') fail('comparator', "must be 'lte' or 'gte'");
  if (interpolation !== 'linear' && interpolation !== 'step') fail('interpolation', "must be 'linear' or 'step'");
  if (name !== undefined && typeof name !== 'string') fail('name', 'must be a string');
  if (la !== undefined && typeof la !== 'string') fail('la', 'must be a string');
  if (!Array.isArray(trajectory)) fail('trajectory', 'must be a list of {date, value}');
  const points = trajectory.map((p, i): TrajectoryPoint => {
    if (!isRecord(p) || !isIsoDate(p.date)) fail(`trajectory[${i}].date`, "must be a date 'YYYY-MM-DD'");
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) fail(`trajectory[${i}].value`, 'must be a number');
    if (p.date >= deadline) fail(`trajectory[${i}].date`, 'must be before the deadline');
    if (i > 0 && p.date <= (trajectory[i - 1] as TrajectoryPoint).date) fail(`trajectory[${i}].date`, 'must be after the previous point');
    return { date: p.date, value: p.value };
  });
  return {
    ...(name !== undefined ? { name } : {}),
    ...(la !== undefined ? { la } : {}),
    pathway: pathway as Pathway,
    measure: measure as TargetMeasure,
    threshold,
    comparator,
    deadline,
    trajectory: points,
    interpolation,
  };
}

/**
 * The line a target asks its figure to follow: its own points, then the threshold at the deadline.
 * `start` is the figure measured when the target was set; when it comes before the target's first
 * point of its own (a target with no interim points, such as "nobody over 52 weeks"), the line runs
 * from it, so the target asks for steady progress from where the LA stood rather than the goal from day one.
 */
export function trajectoryPoints(target: Target, start?: TrajectoryPoint | null): TrajectoryPoint[] {
  const own = [...target.trajectory, { date: target.deadline, value: target.threshold }];
  return start && start.date < own[0].date ? [{ date: start.date, value: start.value }, ...own] : own;
}

/** The value the trajectory asks for on `on`: before the first point, the first point's value. */
export function expectedAt(target: Target, on: IsoDate, start?: TrajectoryPoint | null): number {
  const points = trajectoryPoints(target, start);
  if (on <= points[0].date) return points[0].value;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (on >= b.date) continue;
    if (target.interpolation === 'step') return a.value;
    const t = (toDay(on) - toDay(a.date)) / (toDay(b.date) - toDay(a.date));
    return a.value + t * (b.value - a.value);
  }
  return target.threshold;
}

export type Rag = 'red' | 'amber' | 'green';

export interface TargetStatus {
  on: IsoDate;
  expected: number;
  actual: number | null;
  /** null when there is no actual figure to judge. */
  status: Rag | null;
  deadlinePassed: boolean;
}

/** How far short of the trajectory point `expected` a figure may be and still be amber. */
export function amberTolerance(expected: number, rules: Pick<RulesTable, 'targets'>): number {
  return (Math.abs(expected) * rules.targets.amberTolerancePercent) / 100;
}

/**
 * Green when the actual meets the trajectory point; amber when it misses by no more than
 * targets.amberTolerancePercent of that point's value; red beyond.
 */
export function targetStatus(
  target: Target,
  actual: number | null,
  on: IsoDate,
  rules: RulesTable,
  start?: TrajectoryPoint | null,
): TargetStatus {
  const expected = expectedAt(target, on, start);
  const base = { on, expected, actual, deadlinePassed: on > target.deadline };
  if (actual === null) return { ...base, status: null };
  const shortfall = target.comparator === 'lte' ? actual - expected : expected - actual;
  const tolerance = amberTolerance(expected, rules);
  // A hair of slack so that 27.3 against 26 + 5% is amber despite binary floating point.
  const slack = 1e-9 * Math.max(1, Math.abs(expected));
  const status: Rag = shortfall <= slack ? 'green' : shortfall <= tolerance + slack ? 'amber' : 'red';
  return { ...base, status };
}
