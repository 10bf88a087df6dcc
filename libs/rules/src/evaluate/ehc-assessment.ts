// EHC needs assessment (pathway ehc_assessment): the statutory 20-week process and reassessment.
import type { AdviceService, EhcAssessmentEvent, IsoDate } from '../contract';
import { toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { CaseOutcome, Milestone, MilestoneKind, PathwayResult } from './evaluation.types';
import { educationAdviceDays, exceptionWindows, exemptionFor, notApplicable, type ExceptionWindow } from './ehc-exceptions';
import { buildMilestone, type MilestoneSpec } from './milestone';
import type { Entry } from './timeline';

type Ev<T extends EhcAssessmentEvent['type']> = Extract<EhcAssessmentEvent, { type: T }>;

interface EhcFacts {
  request?: Ev<'request_received'>;
  decision?: Ev<'decision_to_assess'>;
  draft?: IsoDate;
  final?: IsoDate;
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
        f.final ??= date;
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
    result.milestones.push(withExemption(spec, windows, asOf));
  }
  if (f.exceptions.length) result.ignoredExceptions = notApplicable(f.exceptions, result.ignoredExceptions, windows, result.milestones);
  if (f.closing) {
    result.closedOn = f.closing.date;
    result.outcome = f.closing.outcome;
  }
  return result;
}

function withExemption(spec: MilestoneSpec, windows: readonly ExceptionWindow[], asOf: number): Milestone {
  const done = spec.done === null ? null : toDay(spec.done);
  const exemption = windows.length ? exemptionFor(windows, spec.kind, spec.service, spec.clockFrom, spec.due, done) : undefined;
  return buildMilestone(spec, asOf, exemption);
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
    if (f.draft) specs.push(step('draft_plan', 'ehc.draftPlanWeeks', start, start + weeks(r.draftPlanWeeks), f.draft));
  } else {
    // Code of Practice flowchart: draft by week 16 leaves the 15-day comment period (reg 13(1)).
    specs.push(step('draft_plan', 'ehc.draftPlanWeeks', start, start + weeks(r.draftPlanWeeks), f.draft ?? null));
    // reg 13(2): final plan within 20 weeks of the request.
    specs.push(step('final_plan', 'ehc.finalPlanWeeks', start, start + weeks(r.finalPlanWeeks), f.final ?? null));
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
    const done = c && (c.outcome === 'plan_issued' || c.outcome === 'not_issue') ? c.date : (f.final ?? null);
    specs.push(step('reassessment_final_plan', 'ehc.reassessmentFinalPlanWeeks', from, from + weeks(r.reassessmentFinalPlanWeeks), done));
  }
  return specs;
}
