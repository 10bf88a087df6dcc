// Which target measures a list projection can judge, and the figure each reads off a snapshot.
import type { Target, TargetMeasure } from '../measures/target';
import type { RulesTable } from '../table';
import type { ListFigures } from './list-scenario';

export const PROJECTABLE_MEASURES = [
  'waiting_count',
  'waiting_median_weeks',
  'waiting_p92_weeks',
  'waiting_within_target_pct',
  'waiting_over_max_count',
] as const satisfies readonly TargetMeasure[];
export type ProjectableMeasure = (typeof PROJECTABLE_MEASURES)[number];

export const isProjectable = (m: TargetMeasure): m is ProjectableMeasure => (PROJECTABLE_MEASURES as readonly string[]).includes(m);

/** The completed-week lines a projection counts: the pathway's target, 18 (RTT) and 52 weeks. */
export function overWeeksLines(targetWeeks: number, rules: RulesTable): number[] {
  return [...new Set([targetWeeks, rules.waits.sltTargetWeeks, rules.waits.maxWeeks])];
}

/** The target's figure on a snapshot; "within target" is 100% when nobody waits. */
export function figureFor(measure: ProjectableMeasure, f: ListFigures, targetWeeks: number, rules: RulesTable): number {
  switch (measure) {
    case 'waiting_count':
      return f.size;
    case 'waiting_median_weeks':
      return f.medianWeeks;
    case 'waiting_p92_weeks':
      return f.p92Weeks;
    case 'waiting_within_target_pct':
      return f.size <= 1e-9 ? 100 : (100 * (f.size - f.overWeeks[targetWeeks])) / f.size;
    case 'waiting_over_max_count':
      return f.overWeeks[rules.waits.maxWeeks];
  }
}

/** Whether a figure meets the target's threshold (a hair of slack for binary floating point). */
export function meets(target: Pick<Target, 'threshold' | 'comparator'>, value: number): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(target.threshold));
  return target.comparator === 'lte' ? value <= target.threshold + slack : value >= target.threshold - slack;
}
