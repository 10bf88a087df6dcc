// SLT and neurodevelopmental waits (pathways slt, neurodevelopmental), RTT-style.
import type { IsoDate, NeedCode, SltEvent, NeurodevelopmentalEvent } from '../contract';
import { addMonths, fromDay, toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { PathwayResult, Qs51Wait, WaitStop } from './evaluation.types';
import { buildMilestone } from './milestone';
import type { Entry } from './timeline';

type WaitEvent = SltEvent | NeurodevelopmentalEvent;

/**
 * The clock starts on the day the referral is received and stops at the first definitive contact
 * (first_contact for SLT, assessment_started for ND), discharge or closure, whichever comes first.
 *
 * "Did not attend" (NHS referral-to-treatment rules suite): a DNA at the first appointment after the
 * referral nullifies the clock and a new one starts when the patient rebooks; a DNA at any later
 * appointment leaves the clock running. The events record only the attended first contact (or
 * assessment start), which stops the clock, so the first appointment is known this way: the first
 * standing `appointment_dna` after the referral and before the stop is the DNA at the first
 * appointment; every later DNA was at a rebooked or later appointment and restarts nothing. The events
 * carry no rebooking date, so the new clock starts on the DNA date (never later than the rebooking,
 * so the reported wait is never shortened by the reading).
 *
 * NICE QS51 (ND only) times the assessment start from the referral itself: no DNA restarts it.
 */
export function evaluateWait(
  pathway: 'slt' | 'neurodevelopmental',
  entries: readonly Entry[],
  asOf: number,
  rules: RulesTable,
): PathwayResult {
  let referral: IsoDate | null = null;
  let needCode: NeedCode | null = null;
  let stop: { date: IsoDate; by: WaitStop } | null = null;
  let firstDna: IsoDate | null = null;
  const contact: WaitStop = pathway === 'slt' ? 'first_contact' : 'assessment_started';
  for (const x of entries) {
    const type = x.type;
    if (type === 'referral_received') {
      if (referral === null) {
        referral = x.date;
        needCode = (x.event as Extract<WaitEvent, { type: 'referral_received' }>).needCode ?? null;
      }
      continue;
    }
    if (referral === null || stop !== null || x.date < referral) continue;
    if (type === 'appointment_dna') {
      // Only the first appointment's DNA counts; the entries are in date order.
      if (firstDna === null && rules.waits.dnaRestartsClock) firstDna = x.date;
    } else if (type === contact || type === 'discharged' || type === 'referral_closed') {
      stop = { date: x.date, by: type };
    }
  }
  const result: PathwayResult = {
    startedOn: referral,
    closedOn: stop?.date ?? null,
    outcome: stop?.by ?? null,
    reassessment: false,
    needCode,
    milestones: [],
    ignoredExceptions: [],
    wait: null,
  };
  if (referral === null) return result;
  const clockStart = toDay(firstDna ?? referral);
  const end = stop === null ? asOf : toDay(stop.date);
  const days = Math.max(0, end - clockStart);
  result.wait = {
    referredOn: referral,
    clockStartOn: fromDay(clockStart),
    stoppedOn: stop?.date ?? null,
    stoppedBy: stop?.by ?? null,
    open: stop === null,
    daysWaited: days,
    weeksWaited: days / 7,
    completedWeeks: Math.floor(days / 7),
    restarts: firstDna === null ? 0 : 1,
  };
  if (pathway === 'neurodevelopmental') result.wait.qs51 = qs51Of(referral, stop, asOf, rules);
  // The target (ND: NICE QS51, 13 weeks; SLT: 18 weeks) as a milestone; a discharge or closure
  // before contact ends the wait without a breach.
  if (stop === null || stop.by === contact) {
    const targetWeeks = contact === 'first_contact' ? rules.waits.sltTargetWeeks : rules.waits.ndTargetWeeks;
    result.milestones.push(
      buildMilestone(
        {
          key: contact,
          kind: contact,
          rule: contact === 'first_contact' ? 'waits.sltTargetWeeks' : 'waits.ndTargetWeeks',
          clockFrom: clockStart,
          due: clockStart + 7 * targetWeeks,
          done: stop?.date ?? null,
        },
        asOf,
      ),
    );
  }
  return result;
}

/** NICE QS51 statement 1, from the referral: started within waits.qs51Months months (the due day counts). */
function qs51Of(referral: IsoDate, stop: { date: IsoDate; by: WaitStop } | null, asOf: number, rules: RulesTable): Qs51Wait {
  const dueOn = addMonths(referral, rules.waits.qs51Months);
  if (stop?.by === 'assessment_started') return { dueOn, state: stop.date <= dueOn ? 'within' : 'not_within' };
  // Discharged or closed before the due day: the 3 months never ran out on the list (reading recorded in docs/rules.md).
  if (stop !== null && stop.date <= dueOn) return { dueOn, state: 'not_counted' };
  // Still waiting, or ended without an assessment after the due day (events never postdate asOf).
  return { dueOn, state: asOf > toDay(dueOn) ? 'not_within' : 'pending' };
}
