// What a caseworker must look at in one evaluated case: steps overdue and steps falling due soon
// (alerts.dueSoonDays ahead). Exempt steps still count: the work must finish without delay.
import { daysBetween } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { CaseEvaluation, Milestone } from './evaluation.types';

export interface Attention {
  overdue: Milestone[];
  /** Not done, not overdue, due within alerts.dueSoonDays of asOf (inclusive). */
  dueSoon: Milestone[];
  /** Overdue for at least alerts.escalateAfterOverdueDays: for the team manager. */
  escalate: Milestone[];
  /** Internal targets (statutory false) past their date: a reminder, never overdue or escalated. */
  targetsPassed: Milestone[];
}

export function attentionFor(e: CaseEvaluation, rules: RulesTable): Attention {
  const out: Attention = { overdue: [], dueSoon: [], escalate: [], targetsPassed: [] };
  if (e.status !== 'open') return out;
  for (const m of e.milestones) {
    if (m.doneOn !== null) continue;
    const left = daysBetween(e.asOf, m.dueOn);
    if (left < 0 && !m.statutory) out.targetsPassed.push(m);
    else if (left < 0) {
      // Exempt steps past their (lifted) limit are listed as overdue work, never escalated as breaches.
      out.overdue.push(m);
      if (m.state === 'overdue' && -left >= rules.alerts.escalateAfterOverdueDays) out.escalate.push(m);
    } else if (left <= rules.alerts.dueSoonDays) out.dueSoon.push(m);
  }
  return out;
}
