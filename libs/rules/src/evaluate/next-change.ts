// The first day on which a case's evaluation would change with no new events: the nightly pass
// re-evaluates a case only when that day has come (issue 16), so every way the passing of time
// alone moves an evaluation is listed here, beside the evaluators that do it. Earlier is always
// safe (an extra evaluation); later would miss a change, which the property spec and the
// year-long equivalence test (test/nightly-equivalence.e2e-spec.ts) look for.
import type { CaseEvent, IsoDate } from '../contract';
import { addDays } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { CaseEvaluation, Milestone } from './evaluation.types';

/**
 * The days an open milestone's state or alert turns, as of `asOf` (stateOf, alertsFor):
 * overdue the day after it is due; due soon (or at risk, for a phase transfer) that many days
 * before; an AP placement's review, long unreviewed past alternativeProvision.longWithoutReviewWeeks.
 */
function milestoneTurns(m: Milestone, rules: RulesTable): IsoDate[] {
  if (m.doneOn !== null || m.state === 'exempt') return [];
  const days = [addDays(m.dueOn, 1), addDays(m.dueOn, -rules.alerts.dueSoonDays)];
  if (m.kind === 'phase_transfer') days.push(addDays(m.dueOn, -rules.alerts.phaseTransferAtRiskDays));
  if (m.kind === 'placement_review') days.push(addDays(m.clockFrom, 7 * rules.alternativeProvision.longWithoutReviewWeeks + 1));
  return days;
}

/**
 * The first day after `e.asOf` on which the case's milestones, alerts, reminders or status could
 * differ, or null when time alone never changes them (a closed case). `events` are the case's
 * events as loaded (one dated after asOf takes effect on its date). Counts of days that grow while
 * a case is open (wait days, placement days) are not changes: they are derived from the stored
 * dates. Nor is an at_risk verdict, which turns with the LA's stage durations: the nightly pass
 * asks that of every open assessment it follows from the inputs kept with it (atRiskOn).
 */
export function nextChangeOn(events: readonly CaseEvent[], e: CaseEvaluation, rules: RulesTable): IsoDate | null {
  const asOf = e.asOf;
  let next: IsoDate | null = null;
  const consider = (day: IsoDate) => {
    if (day > asOf && (next === null || day < next)) next = day;
  };
  for (const x of events) if (x.type !== 'retract' && x.date > asOf) consider(x.date);
  for (const m of e.milestones) for (const day of milestoneTurns(m, rules)) consider(day);
  // An under-5s review reminder turns past_interval the day after it is due.
  for (const r of e.localReminders) if (r.doneOn === null) consider(addDays(r.dueOn, 1));
  // A neurodevelopmental wait past its QS51 day is no longer within it.
  if (e.wait?.qs51?.state === 'pending') consider(addDays(e.wait.qs51.dueOn, 1));
  return next;
}
