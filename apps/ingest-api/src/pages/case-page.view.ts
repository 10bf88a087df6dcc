// One case (views/case.njk): its facts, its milestones drawn and listed against their due dates,
// its exceptions, its alerts (acknowledged here by caseworkers and team managers) and its whole
// timeline, retracted events marked. Everything is said in words: codes go through labels.ts, and
// a date of birth is never shown.
import { alertLabel, type AlertView } from '@app/compliance';
import type { Milestone } from '@app/rules';
import type { CaseView, TimelineEntry } from '../cases/cases.service';
import { caseChart } from './case-chart';
import type { ChartModel } from './chart-block';
import { casePath } from './caseworker.view';
import { daysFrom, formatDate, formatDateLong, formatInstant, plural } from './format';
import { tableModel, type TableModel, type TablePlace, type TableSpec, type TableView } from './html-table';
import {
  caseStatusName,
  eventName,
  exceptionName,
  ignoredExceptionWhy,
  needName,
  outcomeName,
  pathwayName,
  phaseTransferName,
  serviceName,
  stepLabel,
  stepOfKey,
} from '@app/compliance';
import { DASHBOARD, withQuery } from './page-access';
import { laCaption, type PageModel } from './page-render';
import { alertStateText, alertTagModel, milestoneStateText, milestoneTagModel, type TagModel } from './status-tags';

export interface CasePageInput {
  view: CaseView;
  alerts: AlertView[];
  /** The alert just acknowledged (?acknowledged=id), for the banner. */
  acknowledged?: string;
}

/** Who is looking, and where the page sits. */
export interface CasePageContext {
  /** Caseworkers and team managers may acknowledge; others see the alerts only. */
  canAcknowledge: boolean;
  laName: string | null;
}

/** A row of govukSummaryList. */
export interface SummaryRow {
  key: { text: string };
  value: { text: string };
}

export interface AlertCard {
  id: string;
  title: string;
  tag: TagModel;
  rows: SummaryRow[];
  /** The acknowledge form, when the alert is open and the person may acknowledge it. */
  acknowledge?: { action: string; label: string };
}

export interface ExceptionCard {
  title: string;
  /** "Exception applies" / "Exception recorded but not applicable". */
  tag: TagModel;
  rows: SummaryRow[];
}

export interface CasePageView extends PageModel {
  backLink: { href: string; text: string };
  acknowledged?: { title: string; text: string; href: string };
  facts: SummaryRow[];
  chart: ChartModel | null;
  milestones: TableModel;
  exceptions: ExceptionCard[];
  /** Procedural concerns (a final plan inside reg 13(1)'s 15 days), each in words. */
  concerns: string[];
  alerts: AlertCard[];
  alertsNote: string;
  alertsCsvHref: string;
  /** Shown to those who may not acknowledge, while some alert is open. */
  alertsReadOnly?: string;
  timeline: TableModel;
}

const row = (key: string, value: string): SummaryRow => ({ key: { text: key }, value: { text: value } });

function lateness(m: Milestone, asOf: string): string {
  if (m.state === 'overdue') return `${plural(daysFrom(m.dueOn, asOf), 'day')} overdue`;
  if (m.state === 'missed' && m.doneOn) return `${plural(daysFrom(m.dueOn, m.doneOn), 'day')} late`;
  if (m.state === 'pending') return `${plural(daysFrom(asOf, m.dueOn), 'day')} left`;
  return '';
}

/** An event's recorded details in words. A date of birth is never shown, nor a field's name. */
export function eventDetails(e: Pick<TimelineEntry, 'type' | 'fields'>): string {
  const f = (e.fields ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const out: string[] = [];
  if (text(f.needCode)) out.push(`Primary need: ${needName(text(f.needCode))}`);
  if (f.reassessment === true) out.push('A reassessment of an existing plan');
  if (text(f.service)) out.push(`Service: ${serviceName(text(f.service))}`);
  if (text(f.outcome)) out.push(`Outcome: ${outcomeName(text(f.outcome))}`);
  if (text(f.reason)) out.push(`Reason: ${e.type === 'exception' ? exceptionName(text(f.reason)) : text(f.reason)}`);
  if (text(f.until)) out.push(`Until ${formatDate(text(f.until))}`);
  if (text(f.planIssuedOn)) out.push(`Plan issued ${formatDate(text(f.planIssuedOn))}`);
  const transfer = f.phaseTransfer as { kind?: unknown; year?: unknown } | undefined;
  if (transfer && typeof transfer === 'object' && text(transfer.kind))
    out.push(`Phase transfer: ${phaseTransferName(text(transfer.kind))}${text(transfer.year) ? ` in ${text(transfer.year)}` : ''}`);
  if (text(f.retractsEventId)) out.push(`Withdraws event ${text(f.retractsEventId)}`);
  return out.join('. ');
}

/** The page's tables: the CSV downloads, and what the page draws. */
export function caseTables(i: CasePageInput): TableSpec<unknown>[] {
  const v = i.view;
  const milestones: TableSpec<Milestone> = {
    id: 'milestones',
    caption: 'Milestones',
    note:
      `Each step's due date follows the statutory time limit or the local target, worked out as of ${formatDateLong(v.asOf)}. ` +
      'An exception can lift a time limit.',
    empty: 'No milestones yet: the clock has not started.',
    columns: [
      { key: 'step', label: 'Step', value: (m) => stepLabel(m.kind, m.service, m.cycle) },
      { key: 'clockFrom', label: 'Clock started', type: 'date', value: (m) => m.clockFrom, text: (m) => formatDate(m.clockFrom) },
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
        value: (m) => milestoneStateText(m.state, m.statutory),
        cell: (m) => ({
          text: milestoneTagModel(m.state, m.statutory).text,
          tag: milestoneTagModel(m.state, m.statutory).colour,
          hint: m.statutory ? undefined : 'Not a statutory limit',
        }),
      },
      { key: 'lateness', label: 'Days', value: (m) => lateness(m, v.asOf) },
      { key: 'exception', label: 'Exception', value: (m) => exceptionName(m.exceptionReason ?? null) },
    ],
    rows: v.milestones,
  };
  const alerts: TableSpec<AlertView> = {
    id: 'alerts',
    caption: 'Alerts',
    empty: 'No alerts have been raised on this case.',
    columns: [
      { key: 'alert', label: 'Alert', type: 'number', value: (a) => a.alertId },
      { key: 'what', label: 'What', value: (a) => alertLabel(a.kind) },
      { key: 'step', label: 'Step', value: (a) => stepOfKey(a.milestoneKey) },
      { key: 'dueOn', label: 'Due', type: 'date', value: (a) => a.dueOn },
      { key: 'raisedOn', label: 'Alert raised', type: 'date', value: (a) => a.raisedOn },
      { key: 'sentTo', label: 'Sent to', value: (a) => a.recipientRef ?? '' },
      { key: 'status', label: 'Status', value: (a) => alertStateText(a) },
      { key: 'acknowledgedBy', label: 'Acknowledged by', value: (a) => a.acknowledgedBy ?? '' },
      { key: 'acknowledgedAt', label: 'Acknowledged at', value: (a) => a.acknowledgedAt ?? '' },
    ],
    rows: i.alerts,
  };
  const timeline: TableSpec<TimelineEntry> = {
    id: 'timeline',
    caption: 'Timeline',
    note: 'Every event received, in date order. A withdrawn event stays in the record, marked.',
    empty: 'No events.',
    columns: [
      { key: 'date', label: 'Date', type: 'date', value: (e) => e.date, text: (e) => formatDate(e.date) },
      { key: 'event', label: 'Event', value: (e) => eventName(e.type) },
      { key: 'details', label: 'Details', value: (e) => eventDetails(e) },
      {
        key: 'withdrawn',
        label: 'Withdrawn',
        value: (e) => (e.retractedBy ? `Yes, by event ${e.retractedBy}` : ''),
      },
      { key: 'eventRef', label: 'Event reference', value: (e) => e.eventId, cell: (e) => ({ text: e.eventId, mono: true }) },
      { key: 'receivedAt', label: 'Received', value: (e) => e.receivedAt, text: (e) => formatInstant(e.receivedAt) },
    ],
    rows: v.timeline,
  };
  return [milestones, alerts, timeline];
}

function statusText(v: CaseView): string {
  if (v.status === 'closed' && v.outcome) return `Closed: ${outcomeName(v.outcome)}`;
  return caseStatusName(v.status);
}

function facts(v: CaseView): SummaryRow[] {
  const counts = ['overdue', 'missed', 'met', 'pending', 'exempt']
    .map((s) => [s, v.milestones.filter((m) => m.state === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${milestoneStateText(s).toLowerCase()}`);
  return [
    row('Pathway', pathwayName(v.pathway)),
    row('Child reference', v.childRef),
    row('Status', statusText(v)),
    row('Started', formatDateLong(v.startedOn)),
    ...(v.closedOn ? [row('Closed', formatDateLong(v.closedOn))] : []),
    ...(v.wait
      ? [
          row(
            'Wait',
            `${v.wait.weeksWaited.toFixed(1)} weeks${v.wait.open ? ' so far' : ''}, from ${formatDateLong(v.wait.clockStartOn)}` +
              (v.wait.restarts ? ` (the clock restarted after ${plural(v.wait.restarts, 'missed appointment')})` : ''),
          ),
        ]
      : []),
    row('Primary need', needName(v.needCode)),
    row('Steps', v.milestones.length ? `${v.milestones.length}: ${counts.join(', ')}` : 'None yet'),
    row('Events received', `${v.eventCount}, the latest dated ${formatDateLong(v.lastEventOn)}`),
  ];
}

/** When the alert's step is due, against today: "12 January 2027 (in 43 days)". */
function dueText(a: AlertView, asOf: string): string {
  const days = daysFrom(asOf, a.dueOn);
  const when = days > 0 ? `in ${plural(days, 'day')}` : days < 0 ? `${plural(-days, 'day')} ago` : 'today';
  return `${formatDateLong(a.dueOn)} (${when})`;
}

function stateText(a: AlertView): string {
  if (a.resolvedAt) {
    const by = a.resolution && /^resolved by /.test(a.resolution) ? a.resolution.slice('resolved by '.length) : null;
    return by
      ? `Resolved by ${by} on ${formatInstant(a.resolvedAt)}`
      : `Closed on ${formatInstant(a.resolvedAt)}: the step was done, or is no longer due or late`;
  }
  if (a.acknowledgedAt) return `Acknowledged by ${a.acknowledgedBy ?? 'someone'} on ${formatInstant(a.acknowledgedAt)}`;
  return 'Open: not acknowledged yet';
}

function alertCard(v: CaseView, a: AlertView, canAcknowledge: boolean): AlertCard {
  const step = stepOfKey(a.milestoneKey);
  const open = !a.acknowledgedAt && !a.resolvedAt;
  return {
    id: a.alertId,
    title: `${alertLabel(a.kind)}: ${step}`,
    tag: alertTagModel(a),
    // The title names the step; the rows say when it is due and when the alert was raised, apart.
    rows: [
      row('Step due', dueText(a, v.asOf)),
      row('Alert raised', formatDateLong(a.raisedOn)),
      ...(a.escalatesAlertId ? [row('Escalates', `Alert ${a.escalatesAlertId}, not acknowledged in time`)] : []),
      row('Sent to', a.recipientRef ?? 'No one: the case has no caseworker'),
      row('Status', stateText(a)),
      row('Alert number', a.alertId),
    ],
    ...(open && canAcknowledge
      ? {
          acknowledge: {
            action: `${casePath(v.la, v.caseRef)}/alerts/${encodeURIComponent(a.alertId)}/acknowledge`,
            label: `alert ${a.alertId}, ${alertLabel(a.kind)}: ${step}`,
          },
        }
      : {}),
  };
}

/** Each exception recorded (and not withdrawn): its reason, what it lifted, or why it does not apply. */
function exceptions(v: CaseView): ExceptionCard[] {
  const ignored = new Map((v.ignoredExceptions ?? []).map((x) => [x.eventId, x]));
  return v.timeline
    .filter((e) => e.type === 'exception' && !e.retractedBy)
    .map((e) => {
      const f = e.fields as { reason?: string; until?: string; service?: string };
      const skipped = ignored.get(e.eventId);
      const lifted = v.milestones.filter((m) => m.exceptionEventId === e.eventId).map((m) => stepLabel(m.kind, m.service, m.cycle));
      const rows = [
        row('From', formatDateLong(e.date)),
        ...(f.until ? [row('Until', formatDateLong(f.until))] : []),
        ...(f.service ? [row('Advice from', serviceName(f.service))] : []),
      ];
      if (skipped)
        return {
          title: exceptionName(skipped.reason ?? f.reason ?? null),
          tag: { text: 'Exception recorded but not applicable', colour: 'grey' },
          rows: [...rows, row('Why it does not apply', ignoredExceptionWhy(skipped.why))],
        };
      return {
        title: exceptionName(f.reason ?? null),
        tag: lifted.length ? { text: 'Exception applies', colour: 'purple' } : { text: 'Recorded', colour: 'grey' },
        rows: [
          ...rows,
          row('Time limit lifted for', lifted.length ? lifted.join(', ') : 'No step: none of the steps it can lift was open then'),
        ],
      };
    });
}

export function casePageView(i: CasePageInput, ctx: CasePageContext, view: TableView): CasePageView {
  const v = i.view;
  const place: TablePlace = { path: casePath(v.la, v.caseRef), query: {} };
  const [milestones, alerts, timeline] = caseTables(i);
  const ack = i.acknowledged ? i.alerts.find((a) => a.alertId === i.acknowledged && a.acknowledgedAt) : undefined;
  const chart = caseChart(v.milestones, v.asOf);
  const cards = i.alerts.map((a) => alertCard(v, a, ctx.canAcknowledge));
  const anyOpen = i.alerts.some((a) => !a.acknowledgedAt && !a.resolvedAt);
  const csv = new URLSearchParams({ format: 'csv', table: alerts.id });
  return {
    pageTitle: `Case ${v.caseRef}`,
    caption: `${laCaption(v.la, ctx.laName)}: ${pathwayName(v.pathway)}`,
    la: v.la,
    charts: chart !== null,
    backLink: { href: withQuery(`${DASHBOARD}/caseworker`, { la: v.la }), text: 'Back to cases' },
    ...(ack
      ? {
          acknowledged: {
            title: 'Alert acknowledged',
            text:
              `Alert ${ack.alertId}, ${alertLabel(ack.kind)}: ${stepOfKey(ack.milestoneKey)}, ` +
              `was acknowledged by ${ack.acknowledgedBy ?? 'you'}.`,
            href: `#alert-${ack.alertId}`,
          },
        }
      : {}),
    facts: facts(v),
    chart,
    milestones: tableModel(milestones, place, view),
    exceptions: exceptions(v),
    concerns: (v.concerns ?? []).map((c) => c.why),
    alerts: cards,
    alertsNote:
      'An alert is raised when a step is due soon or late. Acknowledging it says someone has taken it on, ' +
      'and stops it being escalated to the team manager.',
    alertsCsvHref: `${place.path}?${csv.toString()}`,
    ...(anyOpen && !ctx.canAcknowledge ? { alertsReadOnly: 'Caseworkers and team managers can acknowledge these alerts.' } : {}),
    timeline: tableModel(timeline, place, view),
  };
}
