// The daily digest a caseworker receives: one mail listing their new alerts (references only).
import { escapeHtml } from '../common/escape';
import type { AlertView } from './alert-row';

const LABELS: Record<string, string> = {
  due_soon: 'Due soon',
  overdue: 'Overdue',
  final_deadline_breached: '20-week limit breached',
  advice_overdue: 'Advice overdue',
  review_overdue: 'Annual review overdue',
  phase_transfer_at_risk: 'Phase transfer at risk',
  wait_past_target: 'Wait past its target',
  target_due_soon: 'Internal target due soon (not a statutory limit)',
  target_passed: 'Internal target passed (not a statutory limit)',
  ap_review_overdue: 'Alternative provision placement not reviewed for over 6 weeks',
  ap_unreviewed_long: 'Alternative provision placement not reviewed for over 12 weeks',
  at_risk: 'At risk of missing 20 weeks (forecast)',
  escalation: 'Escalated: overdue and not acknowledged',
};

export function alertLabel(kind: string): string {
  return LABELS[kind] ?? kind;
}

/** Dates as people in England read them: 25 May 2026. */
export function ukDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function digestMail(recipientRef: string, on: string, alerts: AlertView[]) {
  const subject = `SEND monitor: ${alerts.length} alert${alerts.length === 1 ? '' : 's'} for ${recipientRef} on ${ukDate(on)}`;
  const lines = alerts.map((a) => `- ${alertLabel(a.kind)}: case ${a.caseRef}, ${a.milestoneKey}, due ${ukDate(a.dueOn)}`);
  const text = `${subject}\n\n${lines.join('\n')}\n\nOpen the inbox to acknowledge them.\n`;
  const cells = (values: string[]) => values.map((v) => `<td>${escapeHtml(v)}</td>`).join('');
  const rows = alerts.map((a) => `<tr>${cells([alertLabel(a.kind), a.caseRef, a.milestoneKey, ukDate(a.dueOn)])}</tr>`).join('');
  const head = ['Alert', 'Case', 'Step', 'Due'].map((h) => `<th scope="col">${h}</th>`).join('');
  const html =
    `<!doctype html><html lang="en"><body><h1>${escapeHtml(subject)}</h1>` +
    `<table><caption>Alerts</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></body></html>`;
  return { subject, text, html };
}
