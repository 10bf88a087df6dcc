// One case: its status, milestones drawn and listed against their due dates, its alerts (which can
// be acknowledged here) and its whole timeline, retracted events marked.
import { alertLabel, escapeHtml, type AlertView } from '@app/compliance';
import type { Milestone } from '@app/rules';
import type { CaseView } from '../cases/cases.service';
import { caseChart } from './case-chart';
import { casePath } from './caseworker.view';
import { daysFrom, formatDate, formatInstant } from './format';
import { csvHref, renderTable, type TableSpec, type TableView } from './html-table';
import { eventName, exceptionName, needName, pathwayName, stepLabel, stepOfKey } from './labels';
import { banner, layout } from './layout';
import { alertStateText, alertTag, milestoneStateText, milestoneTag } from './status-tags';
import type { TimelineEntry } from '../cases/cases.service';

export interface CasePageInput {
  view: CaseView;
  alerts: AlertView[];
  acknowledged?: string;
}

function lateness(m: Milestone, asOf: string): string {
  if (m.state === 'overdue') return `${daysFrom(m.dueOn, asOf)} days overdue`;
  if (m.state === 'missed' && m.doneOn) return `${daysFrom(m.dueOn, m.doneOn)} days late`;
  if (m.state === 'pending') return `${daysFrom(asOf, m.dueOn)} days left`;
  return '';
}

export function caseTables(i: CasePageInput): TableSpec<unknown>[] {
  const v = i.view;
  const milestones: TableSpec<Milestone> = {
    id: 'milestones',
    caption: 'Milestones',
    note: `As of ${formatDate(v.asOf)}, from the rules in config/rules.json.`,
    empty: 'No milestones yet.',
    columns: [
      { key: 'step', label: 'Step', value: (m) => stepLabel(m.kind, m.service, m.cycle) },
      { key: 'clockFrom', label: 'Clock from', type: 'date', value: (m) => m.clockFrom, text: (m) => formatDate(m.clockFrom) },
      { key: 'dueOn', label: 'Due', type: 'date', value: (m) => m.dueOn, text: (m) => formatDate(m.dueOn) },
      {
        key: 'doneOn',
        label: 'Done',
        type: 'date',
        value: (m) => m.doneOn ?? '',
        text: (m) => (m.doneOn ? formatDate(m.doneOn) : 'Not yet'),
      },
      {
        key: 'state',
        label: 'Status',
        value: (m) => m.state,
        text: (m) => milestoneStateText(m.state),
        html: (m) => milestoneTag(m.state),
      },
      { key: 'lateness', label: 'Days', value: (m) => lateness(m, v.asOf) },
      { key: 'exception', label: 'Exception', value: (m) => exceptionName(m.exceptionReason ?? null) },
    ],
    rows: v.milestones,
  };
  const alerts: TableSpec<AlertView> = {
    id: 'alerts',
    caption: 'Alerts',
    note: 'Raised by the worker when a step falls due or is late; acknowledging stops escalation to the team manager.',
    empty: 'No alerts have been raised on this case.',
    columns: [
      { key: 'alertId', label: 'Alert', type: 'number', value: (a) => a.alertId },
      { key: 'kind', label: 'What', value: (a) => a.kind, text: (a) => `${alertLabel(a.kind)}: ${stepOfKey(a.milestoneKey)}` },
      { key: 'dueOn', label: 'Due', type: 'date', value: (a) => a.dueOn, text: (a) => formatDate(a.dueOn) },
      { key: 'raisedOn', label: 'Raised', type: 'date', value: (a) => a.raisedOn, text: (a) => formatDate(a.raisedOn) },
      {
        key: 'recipientRef',
        label: 'Sent to',
        value: (a) => a.recipientRef ?? '',
        html: (a) => `<span class="mono">${escapeHtml(a.recipientRef ?? '')}</span>`,
      },
      {
        key: 'state',
        label: 'Status',
        value: (a) => alertStateText(a).toLowerCase(),
        text: (a) => alertStateText(a),
        html: (a) => alertTag(a),
      },
      {
        key: 'action',
        label: 'Action',
        value: (a) => (a.acknowledgedAt ? `acknowledged by ${a.acknowledgedBy ?? ''} ${a.acknowledgedAt}` : ''),
        text: (a) =>
          a.acknowledgedAt
            ? `Acknowledged by ${a.acknowledgedBy ?? ''} ${formatInstant(a.acknowledgedAt)}`
            : a.resolvedAt
              ? ''
              : 'Acknowledge',
        html: (a) => actionCell(v, a),
      },
    ],
    rows: i.alerts,
  };
  const timeline: TableSpec<TimelineEntry> = {
    id: 'timeline',
    caption: 'Timeline',
    note: 'Every event received, in date order. A retracted event stays in the audit trail, marked.',
    empty: 'No events.',
    columns: [
      { key: 'date', label: 'Date', type: 'date', value: (e) => e.date, text: (e) => formatDate(e.date), rowHeader: true },
      { key: 'type', label: 'Event', value: (e) => e.type, text: (e) => eventName(e.type) },
      { key: 'details', label: 'Details', value: (e) => details(e.fields) },
      {
        key: 'retracted',
        label: 'Retracted',
        value: (e) => e.retractedBy ?? '',
        text: (e) => (e.retractedBy ? `Yes, by ${e.retractedBy}` : ''),
      },
      { key: 'eventId', label: 'Event id', value: (e) => e.eventId, html: (e) => `<span class="mono">${escapeHtml(e.eventId)}</span>` },
      { key: 'receivedAt', label: 'Received', value: (e) => e.receivedAt, text: (e) => formatInstant(e.receivedAt) },
    ],
    rows: v.timeline,
  };
  return [milestones, alerts, timeline];
}

function details(fields: Record<string, unknown>): string {
  return Object.entries(fields ?? {})
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([k, value]) => `${k}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}

/** Acknowledged by whoever is signed in (the server takes it from the session). */
function actionCell(v: CaseView, a: AlertView): string {
  if (a.acknowledgedAt)
    return (
      `Acknowledged by <span class="mono">${escapeHtml(a.acknowledgedBy ?? '')}</span>` +
      `<br><span class="secondary">${escapeHtml(formatInstant(a.acknowledgedAt))}</span>`
    );
  if (a.resolvedAt) return `<span class="secondary">${escapeHtml(a.resolution ?? 'resolved')}</span>`;
  const action = `${casePath(v.la, v.caseRef)}/alerts/${encodeURIComponent(a.alertId)}/acknowledge`;
  return (
    `<form class="inline-form" method="post" action="${escapeHtml(action)}">\n` +
    '<button class="button button--secondary" type="submit">Acknowledge' +
    `<span class="visually-hidden"> alert ${escapeHtml(a.alertId)}, ${escapeHtml(alertLabel(a.kind))}</span></button></form>`
  );
}

function summary(v: CaseView): string {
  const rows: [string, string][] = [
    ['Pathway', pathwayName(v.pathway)],
    ['Child reference', v.childRef],
    [
      'Status',
      v.status === 'open'
        ? 'Open'
        : v.status === 'closed'
          ? `Closed${v.outcome ? `: ${v.outcome.replace(/_/g, ' ')}` : ''}`
          : 'Not started',
    ],
    ['Started', formatDate(v.startedOn)],
    ...(v.closedOn ? [['Closed', formatDate(v.closedOn)] as [string, string]] : []),
    ...(v.wait
      ? [
          [
            'Wait',
            `${v.wait.weeksWaited.toFixed(1)} weeks${v.wait.open ? ' so far' : ''} (clock from ${formatDate(v.wait.clockStartOn)})`,
          ] as [string, string],
        ]
      : []),
    ['Primary need', needName(needOf(v))],
    ['Events', String(v.eventCount)],
  ];
  const items = rows.map(([k, val]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd></div>`).join('');
  return `<dl class="summary-list">${items}</dl>`;
}

function needOf(v: CaseView): string | null {
  for (const e of v.timeline) {
    const code = (e.fields as { needCode?: string })?.needCode;
    if (code && !e.retractedBy) return code;
  }
  return null;
}

export function casePage(i: CasePageInput, query: Record<string, string | undefined>, view: TableView): string {
  const v = i.view;
  const path = casePath(v.la, v.caseRef);
  const tables = caseTables(i);
  const ack = i.acknowledged ? i.alerts.find((a) => a.alertId === i.acknowledged) : undefined;
  const body = [
    ack
      ? banner(
          'Alert acknowledged',
          `<p>Alert ${escapeHtml(ack.alertId)} (${escapeHtml(alertLabel(ack.kind))}) was acknowledged by ` +
            `<span class="mono">${escapeHtml(ack.acknowledgedBy ?? '')}</span>.</p>`,
          'success',
        )
      : '',
    summary(v),
    caseChart(v.milestones, v.asOf),
    ...tables.map((t) => renderTable(t, csvHref(path, query, t.id), t.id === 'timeline' ? {} : view)),
  ].join('\n');
  return layout({
    title: `Case ${v.caseRef}`,
    caption: `LA ${v.la} · ${pathwayName(v.pathway)}`,
    la: v.la,
    active: 'caseworker',
    body,
    charts: v.milestones.length > 0,
  });
}
