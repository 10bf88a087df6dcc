// Checks a target before it is stored: the rules' parseTarget, plus that the measure is one the
// pathway's nightly snapshot carries (a waiting measure on an EHC target could never be judged).
import { type Pathway, type Target, type TargetMeasure, parseTarget } from '@app/rules';
import { TargetInvalidError } from './target-errors';

const WAITS: Pathway[] = ['slt', 'neurodevelopmental'];

export const MEASURE_PATHWAYS: Record<TargetMeasure, Pathway[]> = {
  waiting_count: WAITS,
  waiting_median_weeks: WAITS,
  waiting_p92_weeks: WAITS,
  waiting_within_target_pct: WAITS,
  waiting_over_max_count: WAITS,
  seen_median_weeks: WAITS,
  final_within_20_weeks_pct: ['ehc_assessment'],
  final_within_20_weeks_ex_pct: ['ehc_assessment'],
  decisions_within_6_weeks_pct: ['ehc_assessment'],
  advice_within_6_weeks_pct: ['ehc_assessment'],
  meetings_on_time_pct: ['annual_review'],
  review_decisions_within_4_weeks_pct: ['annual_review'],
  amended_within_12_weeks_pct: ['annual_review'],
  phase_transfers_on_time_pct: ['annual_review'],
};

export const TARGET_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/** Returns the parsed target or throws TargetInvalidError naming the field. */
export function validateTarget(raw: Record<string, unknown>): Target & { name: string } {
  let target: Target;
  try {
    target = parseTarget(raw);
  } catch (e) {
    const message = (e as Error).message;
    const m = /^target\.(\S+) (.*)$/.exec(message);
    throw m ? new TargetInvalidError(m[1], `${m[1]} ${m[2]}`) : new TargetInvalidError('(target)', message);
  }
  if (typeof target.name !== 'string' || !TARGET_NAME_PATTERN.test(target.name)) {
    throw new TargetInvalidError('name', 'name must be a short code of lower-case letters, digits and . _ - (up to 80)');
  }
  const allowed = MEASURE_PATHWAYS[target.measure];
  if (!allowed.includes(target.pathway)) {
    throw new TargetInvalidError(
      'measure',
      `measure ${target.measure} is measured on pathway ${allowed.join(' or ')}, not ${target.pathway}`,
    );
  }
  return target as Target & { name: string };
}
