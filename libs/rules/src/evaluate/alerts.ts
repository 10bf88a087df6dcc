// What a caseworker is told about a case, as of its evaluation date. Pure: the worker stores these
// with a dedupe key, so one state change raises one alert however often the case is recomputed.
import type { AdviceService } from '../contract';
import { daysBetween } from '../dates/iso-date';
import type { BreachForecast } from '../forecast/ehc-breach-forecast';
import type { RulesTable } from '../table';
import type { CaseEvaluation, Milestone } from './evaluation.types';

export const ALERT_KINDS = [
  'due_soon',
  'overdue',
  'final_deadline_breached',
  'advice_overdue',
  'review_overdue',
  'phase_transfer_at_risk',
  'wait_past_target',
  // An internal target (Milestone.statutory false, e.g. the 16-week draft): a reminder, never escalated.
  'target_due_soon',
  'target_passed',
  // An AP placement not reviewed within alternativeProvision.reviewWeeks, then longWithoutReviewWeeks.
  'ap_review_overdue',
  'ap_unreviewed_long',
  // An open EHC assessment likely to miss 20 weeks (forecast.atRiskPercent): a warning, never escalated.
  'at_risk',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** An escalation to the team manager is an alert of its own. */
export type AnyAlertKind = AlertKind | 'escalation';

/** Who the alert is for: the case's caseworker, or the service that owes advice. */
export type AlertAudience = { to: 'caseworker' } | { to: 'service'; service: AdviceService };

export interface CaseAlert {
  kind: AlertKind;
  milestoneKey: string;
  dueOn: string;
  audience: AlertAudience;
  /** Case, milestone, kind and due date: a new due date (a new review cycle) is a new alert. */
  dedupeKey: string;
}

/** The alert an overdue milestone raises: the final 20-week limit, advice and reviews have their own. */
function overdueKind(m: Milestone): AlertKind {
  switch (m.kind) {
    case 'final_plan':
    case 'reassessment_final_plan':
      return 'final_deadline_breached'; // reg 13(2) / reg 27(2): the statutory limit itself
    case 'advice':
      return 'advice_overdue'; // reg 8(1): owed by the service that was asked
    case 'review_meeting':
      return 'review_overdue'; // CFA 2014 s44(1)
    case 'first_contact':
    case 'assessment_started':
      return 'wait_past_target'; // the local target (waits.sltTargetWeeks / ndTargetWeeks)
    default:
      return 'overdue';
  }
}

/** Past alternativeProvision.longWithoutReviewWeeks since the last review (or the start): the long kind. */
function apReviewKind(e: CaseEvaluation, m: Milestone, rules: RulesTable): AlertKind {
  return daysBetween(m.clockFrom, e.asOf) > 7 * rules.alternativeProvision.longWithoutReviewWeeks
    ? 'ap_unreviewed_long'
    : 'ap_review_overdue';
}

function audienceOf(m: Milestone): AlertAudience {
  return m.kind === 'advice' && m.service ? { to: 'service', service: m.service } : { to: 'caseworker' };
}

/**
 * Alerts for an open case: overdue steps (state overdue; exempt steps are not breaches), steps due
 * within alerts.dueSoonDays, and phase transfers not done within alerts.phaseTransferAtRiskDays
 * of their deadline. Internal targets raise target_due_soon / target_passed, labelled as such.
 * With the case's breach forecast (libs/rules forecast), an assessment at risk of missing 20 weeks
 * raises at_risk on its final plan. Closed cases raise nothing.
 */
export function alertsFor(e: CaseEvaluation, rules: RulesTable, breach?: BreachForecast | null): CaseAlert[] {
  // SEN support is held by the school, not an LA caseworker: leaders see it in aggregate (reports, pages).
  if (e.status !== 'open' || e.pathway === 'sen_support') return [];
  const out: CaseAlert[] = [];
  const final =
    breach?.atRisk && breach.caseRef === e.caseRef ? e.milestones.find((m) => m.kind === 'final_plan' && m.doneOn === null) : undefined;
  if (final) {
    out.push({
      kind: 'at_risk',
      milestoneKey: final.key,
      dueOn: final.dueOn,
      audience: { to: 'caseworker' },
      dedupeKey: `${e.caseRef}|${final.key}|at_risk|${final.dueOn}`,
    });
  }
  for (const m of e.milestones) {
    if (m.doneOn !== null) continue;
    const left = daysBetween(e.asOf, m.dueOn);
    let kind: AlertKind | null = null;
    if (!m.statutory) {
      // Internal targets remind the caseworker; they are not breaches (no 'overdue' kinds).
      // An AP placement's review is local policy too, but overdue it has its own words for the
      // caseworker holding the placement, and a second alert once it passes the long threshold.
      if (m.state === 'overdue' && m.kind === 'placement_review') kind = apReviewKind(e, m, rules);
      else if (m.state === 'overdue') kind = 'target_passed';
      else if (m.state === 'pending' && left <= rules.alerts.dueSoonDays) kind = 'target_due_soon';
    } else if (m.state === 'overdue') kind = overdueKind(m);
    else if (m.state === 'pending' && m.kind === 'phase_transfer' && left <= rules.alerts.phaseTransferAtRiskDays) {
      kind = 'phase_transfer_at_risk';
    } else if (m.state === 'pending' && left <= rules.alerts.dueSoonDays) kind = 'due_soon';
    if (kind === null) continue;
    out.push({
      kind,
      milestoneKey: m.key,
      dueOn: m.dueOn,
      audience: audienceOf(m),
      dedupeKey: `${e.caseRef}|${m.key}|${kind}|${m.dueOn}`,
    });
  }
  return out;
}
