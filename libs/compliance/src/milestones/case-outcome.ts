// Turns one evaluated case into the rows the worker stores: its evaluation, its milestones and the
// alerts it raises with their recipients. Pure, so the nightly pass and a single case agree.
import { hash } from 'node:crypto';
import { alertsFor, type BreachForecast, type CaseEvaluation, type ForecastInputs, type RulesTable } from '@app/rules';
import { teamOf, type StaffDirectory } from '../staff/staff-directory';
import { summaryOf, type EvaluationSummary } from './evaluation-summary';

export interface EvaluationRow {
  case_ref: string;
  pathway: string;
  child_ref: string;
  need_code: string | null;
  status: string;
  outcome: string | null;
  started_on: string | null;
  closed_on: string | null;
  wait_clock_start: string | null;
  wait_stopped_on: string | null;
  wait_days: number | null;
  assignee_ref: string | null;
  team: string;
  event_count: number;
  /** The first day it would change with no new events (libs/rules nextChangeOn), or null: never. */
  changes_on: string | null;
  fingerprint: string;
  /** What the stored measures need beyond the columns (evaluation-summary.ts); time-independent. */
  summary: EvaluationSummary;
  /**
   * An open new assessment that follows the breach forecast: what its at_risk verdict rests on (the
   * request day is started_on) and the verdict written, asked again each night (verdictsTurned).
   * Null for every other case.
   */
  forecast_stage: string | null;
  forecast_due: string | null;
  forecast_at_risk: boolean | null;
}

export interface MilestoneInsert {
  case_ref: string;
  milestone_key: string;
  pathway: string;
  kind: string;
  service: string | null;
  cycle: number | null;
  clock_from: string;
  due_on: string;
  done_on: string | null;
  state: string;
  exception_reason: string | null;
  assignee_ref: string | null;
  /** The case's caseworker (its evaluation's assignee_ref), kept on each step for the caseworker's lists. */
  caseworker_ref: string | null;
}

export interface AlertInsert {
  case_ref: string;
  milestone_key: string;
  kind: string;
  pathway: string;
  service: string | null;
  due_on: string;
  recipient_ref: string | null;
  dedupe_key: string;
}

export interface CaseOutcome {
  evaluation: EvaluationRow;
  milestones: MilestoneInsert[];
  alerts: AlertInsert[];
  /** Whether the stored milestones, and the stored alerts, differ (withStored): only those are rewritten. */
  milestonesChanged: boolean;
  alertsChanged: boolean;
  /** No evaluation of the case was stored when it was read (withStored): nothing of it to replace. */
  isNew: boolean;
}

/**
 * `breach`: an open EHC assessment's forecast from the LA's stage durations (raises at_risk).
 * `changesOn`: when the nightly pass is to evaluate it again. `followed`: the forecast's inputs of
 * a case whose at_risk verdict the pass asks each night (LaBreachPass.followed), else null.
 */
export function caseOutcome(
  e: CaseEvaluation,
  eventCount: number,
  staff: StaffDirectory,
  rules: RulesTable,
  breach: BreachForecast | null,
  changesOn: string | null,
  followed: ForecastInputs | null,
): CaseOutcome {
  const caseworker = staff.caseworkerFor(e.pathway, e.caseRef)?.staffRef ?? null;
  const milestones = e.milestones.map((m): MilestoneInsert => ({
    case_ref: e.caseRef,
    milestone_key: m.key,
    pathway: e.pathway,
    kind: m.kind,
    service: m.service ?? null,
    cycle: m.cycle ?? null,
    clock_from: m.clockFrom,
    due_on: m.dueOn,
    done_on: m.doneOn,
    state: m.state,
    exception_reason: m.exceptionReason ?? null,
    assignee_ref: m.kind === 'advice' && m.service ? (staff.serviceContact(m.service, e.caseRef)?.staffRef ?? caseworker) : caseworker,
    caseworker_ref: caseworker,
  }));
  const alerts = alertsFor(e, rules, breach).map((a): AlertInsert => ({
    case_ref: e.caseRef,
    milestone_key: a.milestoneKey,
    kind: a.kind,
    pathway: e.pathway,
    service: a.audience.to === 'service' ? a.audience.service : null,
    due_on: a.dueOn,
    recipient_ref: a.audience.to === 'service' ? (staff.serviceContact(a.audience.service, e.caseRef)?.staffRef ?? caseworker) : caseworker,
    dedupe_key: a.dedupeKey,
  }));
  const evaluation: EvaluationRow = {
    case_ref: e.caseRef,
    pathway: e.pathway,
    child_ref: e.childRef,
    need_code: e.needCode,
    status: e.status,
    outcome: e.outcome,
    started_on: e.startedOn,
    closed_on: e.closedOn,
    wait_clock_start: e.wait?.clockStartOn ?? null,
    wait_stopped_on: e.wait?.stoppedOn ?? null,
    wait_days: e.wait?.daysWaited ?? null,
    assignee_ref: caseworker,
    team: teamOf(e.pathway),
    event_count: eventCount,
    changes_on: changesOn,
    fingerprint: '',
    summary: summaryOf(e),
    forecast_stage: followed?.stage ?? null,
    forecast_due: followed?.dueOn ?? null,
    forecast_at_risk: followed ? breach?.atRisk === true : null,
  };
  evaluation.fingerprint = fingerprintOf(evaluation, milestones, alerts);
  return { evaluation, milestones, alerts, milestonesChanged: true, alertsChanged: true, isNew: true };
}

/**
 * The outcome to write beside the stored evaluation's fingerprint (undefined: none stored), or null
 * when nothing changed. A fingerprint is three hashes (the case, its milestones, its alerts), so a
 * case whose alerts alone changed does not rewrite its milestones; a fingerprint stored in another
 * form differs in every part.
 */
export function withStored(outcome: CaseOutcome, stored: string | undefined): CaseOutcome | null {
  const fresh = outcome.evaluation.fingerprint;
  if (fresh === stored) return null;
  const [, milestones, alerts] = fresh.split('.');
  const [, storedMilestones, storedAlerts] = stored?.split('.') ?? [];
  return {
    ...outcome,
    milestonesChanged: milestones !== storedMilestones,
    alertsChanged: alerts !== storedAlerts,
    isNew: stored === undefined,
  };
}

/**
 * What changes when a case needs writing again: states, dates, alerts, assignment and the day it
 * is next due (so the nightly pass and a full re-evaluation write the same cases on the same days).
 * An open wait's length grows daily but is derived from its clock start, so it is left out.
 */
function fingerprintOf(ev: EvaluationRow, milestones: MilestoneInsert[], alerts: AlertInsert[]): string {
  const head = [
    ev.status,
    ev.outcome,
    ev.need_code,
    ev.started_on,
    ev.closed_on,
    ev.wait_clock_start,
    ev.wait_stopped_on,
    ev.assignee_ref,
    ev.event_count,
    ev.changes_on,
    JSON.stringify(ev.summary), // implied by the events, but rows stored before it was kept are rewritten once
    ev.forecast_stage,
    ev.forecast_due,
    ev.forecast_at_risk,
  ].join('|');
  // Every column a milestone or an alert is written with, so an equal part means an equal stored row.
  let steps = '';
  for (const m of milestones) {
    steps +=
      `#${m.milestone_key}|${m.pathway}|${m.kind}|${m.service}|${m.cycle}|${m.clock_from}|${m.due_on}|${m.done_on}|${m.state}|` +
      `${m.exception_reason}|${m.assignee_ref}|${m.caseworker_ref}`;
  }
  let raised = '';
  for (const a of alerts) raised += `!${a.dedupe_key}|${a.milestone_key}|${a.kind}|${a.service}|${a.due_on}|${a.recipient_ref}`;
  // One-shot hashes: three a case, a million cases a full pass (a third of createHash's cost); most
  // cases raise no alert, and the hash of nothing is known.
  return `${hash('md5', head, 'base64')}.${hashOf(steps)}.${hashOf(raised)}`;
}

const NOTHING_HASHED = hash('md5', '', 'base64');
const hashOf = (text: string) => (text ? hash('md5', text, 'base64') : NOTHING_HASHED);
