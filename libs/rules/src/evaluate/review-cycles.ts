// Reviews that fall due at a fixed interval after the start, then after each review held
// (SEN support's assess-plan-do-review cycle, an AP placement's reviews).
import type { IsoDate } from '../contract';
import { toDay } from '../dates/iso-date';
import type { RulePath } from '../table';
import type { MilestoneKind } from './evaluation.types';
import type { MilestoneSpec } from './milestone';

export interface ReviewCycleInput {
  kind: MilestoneKind;
  rule: RulePath;
  startedOn: IsoDate;
  /** Reviews held, in date order (the timeline's order); before the start or after the end ignored. */
  reviews: readonly IsoDate[];
  intervalDays: number;
  /** The day the support or placement ended, or null while open. */
  endedOn: IsoDate | null;
}

/**
 * One spec per review held, plus the next one due while open. Each cycle's clock runs from the
 * start or the previous review; the first review on or after that day closes it. Two reviews on
 * one day are one review. After an ending, a cycle never done is dropped (nothing falls due).
 */
export function reviewCycleSpecs(input: ReviewCycleInput): MilestoneSpec[] {
  const { startedOn, endedOn } = input;
  const held: IsoDate[] = [];
  for (const d of input.reviews) {
    if (d < startedOn || (endedOn !== null && d > endedOn)) continue;
    if (held[held.length - 1] !== d) held.push(d);
  }
  const specs: MilestoneSpec[] = [];
  let from = startedOn;
  for (let i = 0; i <= held.length; i++) {
    const done = held[i] ?? null;
    if (done === null && endedOn !== null) break;
    const clockFrom = toDay(from);
    specs.push({
      key: `${input.kind}.${i + 1}`,
      kind: input.kind,
      rule: input.rule,
      clockFrom,
      due: clockFrom + input.intervalDays,
      done,
      cycle: i + 1,
      // Guidance and local policy, not a regulation: an internal target (INTERNAL_TARGET_KINDS).
      statutory: false,
    });
    if (done === null) break;
    from = done;
  }
  return specs;
}
