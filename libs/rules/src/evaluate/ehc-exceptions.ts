// Exceptions to the EHC time limits. An exception does not pause the clock: it lifts the time
// limit of the steps it covers (SEND Regs 2014 reg 5(4), 8(2), 10(4), 13(3), 27(3)). One claimed
// where the regulations do not allow it lifts nothing and is reported as not applicable, with why.
import type { AdviceService, EhcAssessmentEvent, ExceptionReason } from '../contract';
import { fromDay, toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { IgnoredException, Milestone, MilestoneKind } from './evaluation.types';
import type { Exemption } from './milestone';
import type { Entry } from './timeline';

type ExceptionEvent = Extract<EhcAssessmentEvent, { type: 'exception' }>;

const TIME_LIMITED_STEPS = ['decision_to_assess', 'notice_not_to_issue', 'draft_plan', 'final_plan', 'reassessment_final_plan'] as const;

/**
 * The advice service whose request makes a closure an exception: educational advice from the head
 * teacher or principal, or the early years provider (reg 6(1)(b)), is `advice_requested` with
 * service `school` (docs/contract.md, "Exceptions").
 */
export const EDUCATION_ADVICE_SERVICE: AdviceService = 'school';

/**
 * Which steps each reason can lift.
 * - decision_to_assess: reg 5(4); notice_not_to_issue: reg 10(4); final_plan: reg 13(3);
 *   reassessment_final_plan: reg 27(3); draft_plan (internal) follows the final plan it serves.
 * - advice: reg 8(2)'s three only (personal circumstances, absence, missed appointment). A closure
 *   is no exception to an advice limit; a missed appointment lifts nothing but advice.
 * - reassessment_decision (reg 25(1), 15 days) has no exception, so no reason covers it.
 */
export const EXCEPTION_COVERS: Readonly<Record<ExceptionReason, readonly MilestoneKind[]>> = {
  school_closure: TIME_LIMITED_STEPS,
  early_years_closure: TIME_LIMITED_STEPS,
  exceptional_personal_circumstances: [...TIME_LIMITED_STEPS, 'advice'],
  absent_from_area: [...TIME_LIMITED_STEPS, 'advice'],
  missed_appointment: ['advice'],
};

export interface ExceptionWindow {
  eventId: string;
  reason: ExceptionReason;
  /** The one advice it covers (personal circumstances, absence, missed appointment); never on a closure. */
  service?: AdviceService;
  from: number;
  /** Last day the circumstance applies; Infinity while it has no `until`. */
  to: number;
  /** Absence: how many days of it must fall within the step's period (reg 8(2)(b)); 0 = any day. */
  minDays: number;
  /** Closure: the days educational advice was asked for inside the window; the step must be running on one. */
  adviceDays?: number[];
}

/** The days educational advice was asked for (every request, not just the first). */
export function educationAdviceDays(entries: readonly Entry[]): number[] {
  const days: number[] = [];
  for (const x of entries) {
    if (x.type === 'advice_requested' && (x.event as { service?: string }).service === EDUCATION_ADVICE_SERVICE) days.push(toDay(x.date));
  }
  return days;
}

const ignore = (e: ExceptionEvent, why: string): IgnoredException => ({ eventId: e.eventId, reason: e.reason, date: e.date, why });

/**
 * The days during which each exception applies, from its date (the day the circumstance began)
 * and `until` (the day it ended: the closed setting reopened, the family came back):
 * - closures (reg 5(4)(a)-(b), 10(4)(a)-(b), 13(3)(a)-(b), 27(3)): only where the LA asked for
 *   educational advice from one week before the closure to one week before it reopens; the step
 *   must be running on the day of that request. Shorter than 4 weeks, or with no such request,
 *   it is not applicable. Without `until` the closure is taken as still running.
 * - absence from the area (reg 5(4)(d), 8(2)(b)): 4 continuous weeks of it must fall within the
 *   step's period; shorter than 4 weeks in all, it is not applicable.
 * - exceptional personal circumstances: from `date` to `until`, open-ended without it.
 * - missed appointment (reg 8(2)(c)): the day of the appointment, for the advice of the service
 *   named; naming none, it is not applicable.
 */
export function exceptionWindows(
  events: readonly ExceptionEvent[],
  rules: RulesTable,
  adviceDays: readonly number[] = [],
): { windows: ExceptionWindow[]; ignored: IgnoredException[] } {
  const { closureLeadWeeks, closureMinWeeks, absentFromAreaMinWeeks } = rules.exceptions;
  const windows: ExceptionWindow[] = [];
  const ignored: IgnoredException[] = [];
  for (const e of events) {
    const from = toDay(e.date);
    const until = e.until === undefined ? Infinity : toDay(e.until);
    const tooShort = (weeks: number) => until !== Infinity && until - from < 7 * weeks;
    if (until < from) {
      ignored.push(ignore(e, 'until is before the exception date'));
    } else if (e.reason === 'school_closure' || e.reason === 'early_years_closure') {
      const lead = 7 * closureLeadWeeks;
      const [a, b] = [from - lead, until - lead];
      const asked = adviceDays.filter((d) => d >= a && d <= b);
      if (tooShort(closureMinWeeks)) {
        ignored.push(ignore(e, `the closure is shorter than ${closureMinWeeks} weeks`));
      } else if (asked.length === 0) {
        const span = b === Infinity ? `from ${fromDay(a)} on` : `between ${fromDay(a)} and ${fromDay(b)}`;
        const weeks = closureLeadWeeks === 1 ? 'a week' : `${closureLeadWeeks} weeks`;
        ignored.push(
          ignore(
            e,
            `no educational advice (a head teacher, principal or early years provider: advice_requested, service ` +
              `${EDUCATION_ADVICE_SERVICE}) was asked for ${span}, from ${weeks} before the closure to ${weeks} before it reopened`,
          ),
        );
      } else windows.push({ eventId: e.eventId, reason: e.reason, from: a, to: b, minDays: 0, adviceDays: asked });
    } else if (e.reason === 'absent_from_area') {
      if (tooShort(absentFromAreaMinWeeks)) {
        ignored.push(ignore(e, `the absence is shorter than ${absentFromAreaMinWeeks} weeks`));
      } else windows.push(windowOf(e, from, until, 7 * absentFromAreaMinWeeks));
    } else if (e.reason === 'missed_appointment') {
      if (e.service === undefined) {
        ignored.push(ignore(e, 'it names no service: a missed appointment lifts only the advice of the service whose appointment it was'));
      } else windows.push(windowOf(e, from, from, 0));
    } else {
      windows.push(windowOf(e, from, until, 0));
    }
  }
  return { windows, ignored };
}

const windowOf = (e: ExceptionEvent, from: number, to: number, minDays: number): ExceptionWindow => ({
  eventId: e.eventId,
  reason: e.reason,
  service: e.service,
  from,
  to,
  minDays,
});

/**
 * Whether an exception lifts a step's limit: its reason covers the step, it names no other advice
 * service (an exception naming a service covers that advice only), and it applied while the step
 * was running, i.e. within [clock start, min(due, done)]. A circumstance that began after the step
 * was done, or after it was already late, did not make the step late.
 */
function lifts(w: ExceptionWindow, kind: MilestoneKind, service: AdviceService | undefined, clockFrom: number, runningTo: number): boolean {
  if (!EXCEPTION_COVERS[w.reason].includes(kind)) return false;
  if (w.service !== undefined && (kind !== 'advice' || w.service !== service)) return false;
  if (w.adviceDays) return w.adviceDays.some((d) => d >= clockFrom && d <= runningTo);
  const start = Math.max(w.from, clockFrom);
  const end = Math.min(w.to, runningTo);
  return w.minDays > 0 ? end - start >= w.minDays : start <= end;
}

/** The first exception that lifts a step's limit. */
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
    if (lifts(w, kind, service, clockFrom, runningTo)) return { reason: w.reason, eventId: w.eventId };
  }
  return undefined;
}

/** Why an exception that is valid in itself lifted none of the case's steps. */
function whyNoStep(w: ExceptionWindow): string {
  switch (w.reason) {
    case 'school_closure':
    case 'early_years_closure':
      return (
        'no step it can lift (decision, notice, draft or final plan) was running when the educational advice was asked for ' +
        `(${w.adviceDays!.map(fromDay).join(', ')})`
      );
    case 'absent_from_area':
      return `${w.minDays / 7} continuous weeks of the absence do not fall within the period of any step it can lift`;
    case 'missed_appointment':
      return `no ${w.service} advice was running on the day of the missed appointment`;
    case 'exceptional_personal_circumstances':
      return w.service
        ? `no ${w.service} advice was running while the circumstances applied`
        : 'no step it can lift was running while the circumstances applied (they began after each was done or already late)';
  }
}

/**
 * The case's exceptions that are not applicable: those refused outright (`ignored`) and those
 * valid in themselves that lift none of the steps, in the order of the exception events.
 */
export function notApplicable(
  events: readonly ExceptionEvent[],
  ignored: readonly IgnoredException[],
  windows: readonly ExceptionWindow[],
  milestones: readonly Milestone[],
): IgnoredException[] {
  const out = [...ignored];
  for (const w of windows) {
    const used = milestones.some((m) => {
      const done = m.doneOn === null ? null : toDay(m.doneOn);
      const due = toDay(m.dueOn);
      return lifts(w, m.kind, m.service, toDay(m.clockFrom), done === null ? due : Math.min(due, done));
    });
    if (!used) {
      const e = events.find((x) => x.eventId === w.eventId)!;
      out.push(ignore(e, whyNoStep(w)));
    }
  }
  const order = (id: string) => events.findIndex((x) => x.eventId === id);
  return out.sort((a, b) => order(a.eventId) - order(b.eventId));
}
