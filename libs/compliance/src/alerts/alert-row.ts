// An alert as the inbox shows it.
export interface AlertView {
  la: string;
  alertId: string;
  caseRef: string;
  milestoneKey: string;
  kind: string;
  pathway: string;
  service: string | null;
  dueOn: string;
  raisedOn: string;
  recipientRef: string | null;
  deliveredAt: string | null;
  emailedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  escalatesAlertId: string | null;
}

export const ALERT_SELECT = `SELECT la_code, alert_id::text, case_ref, milestone_key, kind, pathway, service, due_on::text,
  raised_on::text, recipient_ref, delivered_at, emailed_at, acknowledged_at, acknowledged_by, resolved_at, resolution,
  escalates_alert_id::text FROM alerts`;

/** An alerts row as ALERT_SELECT reads it (timestamps arrive as Dates). */
export interface AlertRow {
  la_code: string;
  alert_id: string;
  case_ref: string;
  milestone_key: string;
  kind: string;
  pathway: string;
  service: string | null;
  due_on: string;
  raised_on: string;
  recipient_ref: string | null;
  delivered_at: Date | null;
  emailed_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
  escalates_alert_id: string | null;
}

export function toAlertView(r: AlertRow): AlertView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    la: r.la_code,
    alertId: r.alert_id,
    caseRef: r.case_ref,
    milestoneKey: r.milestone_key,
    kind: r.kind,
    pathway: r.pathway,
    service: r.service,
    dueOn: r.due_on,
    raisedOn: r.raised_on,
    recipientRef: r.recipient_ref,
    deliveredAt: iso(r.delivered_at),
    emailedAt: iso(r.emailed_at),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution,
    escalatesAlertId: r.escalates_alert_id,
  };
}
