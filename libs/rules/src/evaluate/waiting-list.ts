// SLT and neurodevelopmental waits (pathways slt, neurodevelopmental), RTT-style.
import type { IsoDate, NeedCode, SltEvent, NeurodevelopmentalEvent } from '../contract';
import { fromDay, toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { PathwayResult, WaitStop } from './evaluation.types';
import { buildMilestone } from './milestone';
import type { Entry } from './timeline';

type WaitEvent = SltEvent | NeurodevelopmentalEvent;

/**
 * The clock starts on the day the referral is received and stops at the first definitive contact
 * (first_contact for SLT, assessment_started for ND), discharge or closure, whichever comes first.
 * "Did not attend" before the clock stops restarts it: the NHS referral-to-treatment rules suite
 * nullifies the clock when a patient does not attend the first appointment.
 * The events carry no rebooking date, so the new clock starts on the DNA date; with several DNAs,
 * from the latest.
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
  let lastDna: IsoDate | null = null;
  let restarts = 0;
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
      if (rules.waits.dnaRestartsClock) {
        lastDna = x.date;
        restarts++;
      }
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
  const clockStart = toDay(lastDna ?? referral);
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
    restarts,
  };
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
