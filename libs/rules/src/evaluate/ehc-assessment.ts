// EHC needs assessment (pathway ehc_assessment): the statutory 20-week process and reassessment.
import type { AdviceService, EhcAssessmentEvent, IsoDate } from '../contract';
import { toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import {
  REPORTED_EXCEPTION,
  type CaseOutcome,
  type Milestone,
  type MilestoneKind,
  type PathwayResult,
  type ProceduralConcern,
} from './evaluation.types';
import { educationAdviceDays, exceptionWindows, exemptionFor, notApplicable, type ExceptionWindow } from './ehc-exceptions';
import { buildMilestone, type Exemption, type MilestoneSpec } from './milestone';
import type { Entry } from './timeline';

type Ev<T extends EhcAssessmentEvent['type']> = Extract<EhcAssessmentEvent, { type: T }>;

interface EhcFacts {
  request?: Ev<'request_received'>;
  decision?: Ev<'decision_to_assess'>;
  draft?: IsoDate;
  final?: Ev<'final_plan_issued'>;
  /** First request per service, in timeline order (arrays, not Maps: cases are small). */
  adviceRequested: { service: AdviceService; date: IsoDate }[];
  adviceReceived: { service: AdviceService; date: IsoDate }[];
  exceptions: Ev<'exception'>[];
  closing?: { date: IsoDate; outcome: CaseOutcome };
}

function collect(entries: readonly Entry[]): EhcFacts {
  const f: EhcFacts = { adviceRequested: [], adviceReceived: [], exceptions: [] };
  const close = (date: IsoDate, outcome: CaseOutcome) => (f.closing ??= { date, outcome });
  for (const x of entries) {
    const date = x.date;
    switch (x.type) {
      case 'request_received':
        f.request ??= x.event as Ev<'request_received'>;
        break;
      case 'decision_to_assess': {
        const e = x.event as Ev<'decision_to_assess'>;
        f.decision ??= e;
        if (e.outcome === 'refuse') close(date, 'refused');
        break;
      }
      case 'advice_requested': {
        const service = (x.event as Ev<'advice_requested'>).service;
        if (!f.adviceRequested.some((a) => a.service === service)) f.adviceRequested.push({ service, date });
        break;
      }
      case 'advice_received':
        f.adviceReceived.push({ service: (x.event as Ev<'advice_received'>).service, date });
        break;
      case 'exception':
        f.exceptions.push(x.event as Ev<'exception'>);
        break;
      case 'decision_to_issue':
        // Only a decision not to issue matters to the clock: it ends the assessment (reg 10).
        if ((x.event as Ev<'decision_to_issue'>).outcome === 'not_issue') close(date, 'not_issue');
        break;
      case 'draft_plan_issued':
        f.draft ??= date;
        break;
      case 'final_plan_issued':
        f.final ??= x.event as Ev<'final_plan_issued'>;
        close(date, 'plan_issued');
        break;
      case 'withdrawn':
        close(date, 'withdrawn');
        break;
      case 'transferred_out':
        close(date, 'transferred_out');
        break;
    }
  }
  return f;
}

const weeks = (n: number) => 7 * n;
const NO_WINDOWS: readonly ExceptionWindow[] = Object.freeze([]);

/** Evaluates an EHC needs assessment or, with request_received.reassessment, a reassessment. */
export function evaluateEhcAssessment(entries: readonly Entry[], asOf: number, rules: RulesTable): PathwayResult {
  const f = collect(entries);
  const reassessment = f.request?.reassessment === true;
  const result: PathwayResult = {
    startedOn: f.request?.date ?? null,
    closedOn: null,
    outcome: null,
    reassessment,
    needCode: f.request?.needCode ?? null,
    milestones: [],
    ignoredExceptions: [],
    concerns: [],
  };
  if (!f.request) return result; // no clock without a request
  let windows: readonly ExceptionWindow[] = NO_WINDOWS;
  if (f.exceptions.length) {
    const w = exceptionWindows(f.exceptions, rules, educationAdviceDays(entries));
    windows = w.windows;
    result.ignoredExceptions = w.ignored;
  }
  const specs = reassessment ? reassessmentSteps(f, rules) : assessmentSteps(f, rules);
  const closed = f.closing !== undefined;
  for (const spec of specs) {
    // A closed pathway keeps what was done; steps never done are moot, not breaches.
    if (closed && spec.done === null) continue;
    result.milestones.push(withExemption(spec, windows, asOf, f.final));
  }
  if (f.exceptions.length) result.ignoredExceptions = notApplicable(f.exceptions, result.ignoredExceptions, windows, result.milestones);
  if (f.closing) {
    result.closedOn = f.closing.date;
    result.outcome = f.closing.outcome;
  }
  const concern = representationConcern(f, rules);
  if (concern) result.concerns = [concern];
  return result;
}

/**
 * reg 13(1)(a): the parent or young person has at least 15 days, beginning with the day the draft
 * was served, to make representations. Day 1 is the draft's date, so the period ends on draft + 14
 * and a final plan on draft + 15 or later is clear. Read as calendar days (the regulations say
 * "days", not working days) and served = draft_plan_issued's date. A final plan sooner is a concern
 * unless the parent or young person agreed to it (parentAgreedSooner). Any draft plan counts, on an
 * assessment or a reassessment: reg 13(1) applies whenever a draft is sent.
 */
function representationConcern(f: EhcFacts, rules: RulesTable): ProceduralConcern | null {
  if (f.draft === undefined || f.final === undefined || f.final.parentAgreedSooner === true) return null;
  const days = toDay(f.final.date) - toDay(f.draft);
  const period = rules.ehc.representationDays;
  if (days < 0 || days >= period) return null;
  const key = f.request?.reassessment === true ? 'reassessment_final_plan' : 'final_plan';
  return {
    kind: 'final_within_representation_period',
    milestoneKey: key,
    rule: 'ehc.representationDays',
    eventId: f.final.eventId,
    why:
      `The final plan was issued ${days} day${days === 1 ? '' : 's'} after the draft (${f.draft}), inside the ` +
      `${period} days the parent or young person has to comment on it (reg 13(1)), and no agreement to finalise sooner is recorded.`,
  };
}

function withExemption(spec: MilestoneSpec, windows: readonly ExceptionWindow[], asOf: number, final?: EhcFacts['final']): Milestone {
  const done = spec.done === null ? null : toDay(spec.done);
  const exemption = windows.length ? exemptionFor(windows, spec.kind, spec.service, spec.clockFrom, spec.due, done) : undefined;
  return buildMilestone(spec, asOf, exemption ?? reportedExemption(spec, final));
}

/**
 * A final plan the LA reports as issued under an exception (an SEN2 return's Week20) with no
 * recorded exception that applies: the LA's report lifts the 20-week limit, recorded as the LA's
 * report so it is never mistaken for a regulation's exception (docs/rules.md, "Exceptions").
 */
function reportedExemption(spec: MilestoneSpec, final: EhcFacts['final']): Exemption | undefined {
  if (final?.exceptionReported !== true || (spec.kind !== 'final_plan' && spec.kind !== 'reassessment_final_plan')) return undefined;
  return { reason: REPORTED_EXCEPTION, eventId: final.eventId };
}

/**
 * The draft plan by week 16 is an internal target, not a statutory limit: no regulation times the
 * draft; the Code of Practice (9.77 and its flowchart) places it so reg 13(1)'s 15 days fit before
 * week 20. It is shown as a reminder (statutory: false) and never counted as a breach.
 */
function draftStep(start: number, draftWeeks: number, done: IsoDate | null): MilestoneSpec {
  return { ...step('draft_plan', 'ehc.draftPlanWeeks', start, start + weeks(draftWeeks), done), statutory: false };
}

function step(key: MilestoneKind, rule: MilestoneSpec['rule'], clockFrom: number, due: number, done: IsoDate | null): MilestoneSpec {
  return { key, kind: key, rule, clockFrom, due, done };
}

/** Each advice: 6 weeks from its own request (reg 8(1)); received = first receipt on/after the request. */
function adviceSteps(f: EhcFacts, rules: RulesTable): MilestoneSpec[] {
  const out: MilestoneSpec[] = [];
  for (const { service, date: requested } of f.adviceRequested) {
    const done = f.adviceReceived.find((r) => r.service === service && r.date >= requested)?.date ?? null;
    const from = toDay(requested);
    out.push({
      key: `advice.${service}`,
      kind: 'advice',
      rule: 'ehc.adviceWeeks',
      clockFrom: from,
      due: from + weeks(rules.ehc.adviceWeeks),
      done,
      service,
    });
  }
  return out;
}

function assessmentSteps(f: EhcFacts, rules: RulesTable): MilestoneSpec[] {
  const r = rules.ehc;
  const start = toDay(f.request!.date);
  const specs = [
    // reg 5(1): decision whether to assess within 6 weeks of the request.
    step('decision_to_assess', 'ehc.decisionWeeks', start, start + weeks(r.decisionWeeks), f.decision?.date ?? null),
    ...adviceSteps(f, rules),
  ];
  if (f.closing?.outcome === 'not_issue') {
    // reg 10(1): notice not to issue within 16 weeks; no plan is then due (no phantom breach).
    specs.push(step('notice_not_to_issue', 'ehc.notIssueNoticeWeeks', start, start + weeks(r.notIssueNoticeWeeks), f.closing.date));
    if (f.draft) specs.push(draftStep(start, r.draftPlanWeeks, f.draft));
  } else {
    specs.push(draftStep(start, r.draftPlanWeeks, f.draft ?? null));
    // reg 13(2): final plan within 20 weeks of the request.
    specs.push(step('final_plan', 'ehc.finalPlanWeeks', start, start + weeks(r.finalPlanWeeks), f.final?.date ?? null));
  }
  return specs;
}

function reassessmentSteps(f: EhcFacts, rules: RulesTable): MilestoneSpec[] {
  const r = rules.ehc;
  const start = toDay(f.request!.date);
  const decided = f.decision?.date ?? null;
  // reg 25(1): decision whether to reassess within 15 days of the request.
  const specs = [step('reassessment_decision', 'ehc.reassessmentDecisionDays', start, start + r.reassessmentDecisionDays, decided)];
  specs.push(...adviceSteps(f, rules));
  if (decided !== null && f.decision!.outcome === 'assess') {
    // reg 27(2): finalised plan within 14 weeks of the decision; a notice that no plan will be
    // issued (decision_to_issue not_issue) also completes the reassessment.
    const from = toDay(decided);
    const c = f.closing;
    const done = c && (c.outcome === 'plan_issued' || c.outcome === 'not_issue') ? c.date : (f.final?.date ?? null);
    specs.push(step('reassessment_final_plan', 'ehc.reassessmentFinalPlanWeeks', from, from + weeks(r.reassessmentFinalPlanWeeks), done));
  }
  return specs;
}
