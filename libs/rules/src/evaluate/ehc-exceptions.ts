// Exceptions to the EHC time limits. An exception does not pause the clock: it lifts the time
// limit of the steps it covers (SEND Regs 2014 reg 5(4), 8(2), 10(4), 13(3), 27(3)).
import type { AdviceService, EhcAssessmentEvent, ExceptionReason } from '../contract';
import { toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { IgnoredException, MilestoneKind } from './evaluation.types';
import type { Exemption } from './milestone';

type ExceptionEvent = Extract<EhcAssessmentEvent, { type: 'exception' }>;

const TIME_LIMITED_STEPS = ['decision_to_assess', 'notice_not_to_issue', 'draft_plan', 'final_plan', 'reassessment_final_plan'] as const;

/**
 * Which steps each reason can lift.
 * - decision_to_assess: reg 5(4); notice_not_to_issue: reg 10(4); final_plan: reg 13(3);
 *   reassessment_final_plan: reg 27(3); draft_plan (internal) follows the final plan it serves.
 * - advice: reg 8(2), which adds the missed appointment; a missed appointment lifts nothing else.
 * - reassessment_decision (reg 25(1), 15 days) has no exception, so no reason covers it.
 */
export const EXCEPTION_COVERS: Readonly<Record<ExceptionReason, readonly MilestoneKind[]>> = {
  school_closure: [...TIME_LIMITED_STEPS, 'advice'],
  early_years_closure: [...TIME_LIMITED_STEPS, 'advice'],
  exceptional_personal_circumstances: [...TIME_LIMITED_STEPS, 'advice'],
  absent_from_area: [...TIME_LIMITED_STEPS, 'advice'],
  missed_appointment: ['advice'],
};

export interface ExceptionWindow {
  eventId: string;
  reason: ExceptionReason;
  service?: AdviceService;
  from: number;
  /** Last day the circumstance applies; Infinity while it has no `until`. */
  to: number;
}

/**
 * The days during which each exception applies, from its date (the day the circumstance began)
 * and `until` (the day it ended):
 * - closures (reg 5(4)(a)-(b)): from one week before the closure to one week before it reopens
 *   (`until` = reopening day); a closure shorter than 4 weeks is no exception. Without `until` the
 *   closure is taken as still running.
 * - absence from the area (reg 5(4)(d)): from `date` to `until`; shorter than 4 weeks is no exception.
 * - exceptional personal circumstances: from `date` to `until`, open-ended without it.
 * - missed appointment (reg 8(2)): the day of the appointment.
 */
export function exceptionWindows(
  events: readonly ExceptionEvent[],
  rules: RulesTable,
): { windows: ExceptionWindow[]; ignored: IgnoredException[] } {
  const { closureLeadWeeks, closureMinWeeks, absentFromAreaMinWeeks } = rules.exceptions;
  const windows: ExceptionWindow[] = [];
  const ignored: IgnoredException[] = [];
  for (const e of events) {
    const from = toDay(e.date);
    const until = e.until === undefined ? Infinity : toDay(e.until);
    const tooShort = (weeks: number) => until !== Infinity && until - from < 7 * weeks;
    if (until < from) {
      ignored.push({ eventId: e.eventId, reason: e.reason, why: 'until is before the exception date' });
    } else if (e.reason === 'school_closure' || e.reason === 'early_years_closure') {
      if (tooShort(closureMinWeeks)) {
        ignored.push({ eventId: e.eventId, reason: e.reason, why: `closure shorter than ${closureMinWeeks} weeks` });
      } else windows.push(windowOf(e, from - 7 * closureLeadWeeks, until - 7 * closureLeadWeeks));
    } else if (e.reason === 'absent_from_area') {
      if (tooShort(absentFromAreaMinWeeks)) {
        ignored.push({ eventId: e.eventId, reason: e.reason, why: `absence shorter than ${absentFromAreaMinWeeks} weeks` });
      } else windows.push(windowOf(e, from, until));
    } else if (e.reason === 'missed_appointment') {
      windows.push(windowOf(e, from, from));
    } else {
      windows.push(windowOf(e, from, until));
    }
  }
  return { windows, ignored };
}

const windowOf = (e: ExceptionEvent, from: number, to: number): ExceptionWindow => ({
  eventId: e.eventId,
  reason: e.reason,
  service: e.service,
  from,
  to,
});

/**
 * The first exception that lifts a step's limit: its reason covers the step, it names no other
 * advice service (an exception naming a service covers that advice only), and it applied while the
 * step was running, i.e. its window meets [clock start, min(due, done)]. A circumstance that began
 * after the step was done, or after it was already late, did not make the step late.
 */
export function exemptionFor(
  windows: readonly ExceptionWindow[],
  kind: MilestoneKind,
  service: AdviceService | undefined,
  clockFrom: number,
  due: number,
  done: number | null,
): Exemption | undefined {
  const runningTo = done === null ? due : Math.min(due, done);
  for (const w of windows) {
    if (!EXCEPTION_COVERS[w.reason].includes(kind)) continue;
    if (w.service !== undefined && (kind !== 'advice' || w.service !== service)) continue;
    if (w.from <= runningTo && w.to >= clockFrom) return { reason: w.reason, eventId: w.eventId };
  }
  return undefined;
}
