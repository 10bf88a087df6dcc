// The pre-submission check of an SEN2 return: the DfE figures the file will produce for its year
// (computed the DfE's way from the file's own dates and Week20 flags), beside the same figures
// from what the monitor holds for the same children, every case on which the two differ and why,
// and the record-level problems COLLECT would query. Pure: the service gathers the inputs.
import { daysBetween, percentDfe, type RulesTable } from '@app/rules';
import { flag } from './sen2-codes';
import { findingPlace, type Sen2Finding } from './sen2-events';
import type { Sen2Person } from './sen2-person';

/** One request as the file states it. */
export interface FileRequest {
  person: number;
  request: number;
  childRef: string;
  received: string;
  decidedOn?: string;
  finalOn?: string;
  /** Week20: the LA reports an exception to the 20-week limit. */
  exception: boolean;
}

/** The same request as the monitor holds it (from its milestones), matched by child and received date. */
export interface MonitorRequest {
  caseRef: string;
  childRef: string;
  received: string;
  decidedOn?: string;
  finalOn?: string;
  /** The monitor's rules found an exception that lifts the 20-week limit. */
  exception: boolean;
}

export interface Figures {
  plansIssued: number;
  within20WeeksIncluding: { count: number; of: number; percent: number | null };
  within20WeeksExcluding: { count: number; of: number; percent: number | null };
  decisions: number;
  decisionsWithin6Weeks: { count: number; of: number; percent: number | null };
}

export interface Difference {
  /** Where the case is in the file ("person 3, request 1"), or its reference in the monitor. */
  file?: string;
  caseRef?: string;
  what: 'missing_from_monitor' | 'missing_from_file' | 'final_plan_date' | 'decision_date' | 'exception';
  /** In words, with both sides' values (dates and flags only: nothing that identifies the child). */
  why: string;
}

export interface Sen2CheckReport {
  la: string;
  year: number;
  file: Figures;
  monitor: Figures;
  differences: Difference[];
  problems: (Sen2Finding & { record: string })[];
}

const inYear = (d: string | undefined, year: number): d is string => d !== undefined && d.startsWith(`${year}-`);

const shareOf = (count: number, of: number) => ({ count, of, percent: percentDfe(count, of) });

/**
 * The DfE's figures for a year from requests: plans issued in it within the 20-week limit (reg 13(2)),
 * and decisions whether to assess made in it within 6 weeks (reg 5(1)), limits from the rules table.
 */
export function figuresOf(requests: readonly (FileRequest | MonitorRequest)[], year: number, rules: RulesTable): Figures {
  const FINAL_PLAN_DAYS = 7 * rules.ehc.finalPlanWeeks;
  const DECISION_DAYS = 7 * rules.ehc.decisionWeeks;
  const plans = requests.filter((r) => inYear(r.finalOn, year));
  const within = (rs: typeof plans) => rs.filter((r) => daysBetween(r.received, r.finalOn!) <= FINAL_PLAN_DAYS).length;
  const notExempt = plans.filter((r) => !r.exception);
  const decisions = requests.filter((r) => inYear(r.decidedOn, year));
  return {
    plansIssued: plans.length,
    within20WeeksIncluding: shareOf(within(plans), plans.length),
    within20WeeksExcluding: shareOf(within(notExempt), notExempt.length),
    decisions: decisions.length,
    decisionsWithin6Weeks: shareOf(
      decisions.filter((r) => daysBetween(r.received, r.decidedOn!) <= DECISION_DAYS).length,
      decisions.length,
    ),
  };
}

/** The requests of one Person with a child reference, as the file states them. */
export function fileRequests(p: Sen2Person): FileRequest[] {
  if (!p.childRef) return [];
  return p.requests
    .filter((r) => r.receivedDate !== undefined)
    .map((r) => {
      const planned = r.assessments.find((a) => a.namedPlan?.startDate !== undefined);
      return {
        person: p.number,
        request: r.number,
        childRef: p.childRef!,
        received: r.receivedDate!,
        decidedOn: r.outcome === 'A' || r.outcome === 'B' ? r.outcomeDate : undefined,
        finalOn: planned?.namedPlan?.startDate,
        exception: flag(planned?.week20) === true,
      };
    });
}

/** Problems COLLECT would query beyond what the import refuses: order of dates, "other" codes, duplicates. */
export function collectQueries(p: Sen2Person, seen: Map<string, number>): Sen2Finding[] {
  const out: Sen2Finding[] = [];
  if (p.identity) {
    const first = seen.get(p.identity);
    if (first !== undefined) {
      out.push({
        person: p.number,
        line: p.line,
        field: 'Person',
        reason: `the same child as person ${first}: a person should appear once`,
      });
    } else seen.set(p.identity, p.number);
  }
  const received = new Map<string, number>();
  for (const r of p.requests) {
    const at = (field: string, reason: string, assessment?: number) =>
      out.push({ person: p.number, request: r.number, assessment, line: r.line, field, reason });
    if (r.receivedDate) {
      const twin = received.get(r.receivedDate);
      if (twin !== undefined) at('ReceivedDate', `request ${twin} of this person has the same ReceivedDate: a duplicate request`);
      else received.set(r.receivedDate, r.number);
    }
    if (r.receivedDate && r.outcomeDate && r.outcomeDate < r.receivedDate)
      at('RequestOutcomeDate', `the decision (${r.outcomeDate}) is before the request was received (${r.receivedDate})`);
    for (const a of r.assessments) {
      if (r.outcomeDate && a.outcomeDate && a.outcomeDate < r.outcomeDate)
        at(
          'AssessmentOutcomeDate',
          `the assessment outcome (${a.outcomeDate}) is before the decision to assess (${r.outcomeDate})`,
          a.number,
        );
      if (a.namedPlan?.ceaseReason === '9') at('CeaseReason', 'cease reason 9 (other) draws a query in COLLECT: give the reason', a.number);
    }
    for (const n of r.activePlans?.needs ?? []) {
      if (n.type === 'OTH') at('SENtype', 'need OTH (other difficulty) draws a query in COLLECT when used often: check the primary need');
    }
  }
  return out;
}

const key = (childRef: string, received: string) => `${childRef}\u0000${received}`;

/** Every case on which the file and the monitor differ, for the year's cohort (plans issued or decisions made in it). */
export function differences(file: readonly FileRequest[], monitor: readonly MonitorRequest[], year: number): Difference[] {
  const inCohort = (r: FileRequest | MonitorRequest) => inYear(r.finalOn, year) || inYear(r.decidedOn, year);
  const held = new Map(monitor.map((m) => [key(m.childRef, m.received), m]));
  const stated = new Set(file.map((f) => key(f.childRef, f.received)));
  const out: Difference[] = [];
  for (const f of file) {
    const m = held.get(key(f.childRef, f.received));
    if (!m) {
      if (inCohort(f))
        out.push({
          file: findingPlace(f),
          what: 'missing_from_monitor',
          why: `the monitor holds no request received on ${f.received} for this child`,
        });
      continue;
    }
    if (!inCohort(f) && !inCohort(m)) continue;
    const base = { file: findingPlace(f), caseRef: m.caseRef };
    if ((f.finalOn ?? null) !== (m.finalOn ?? null))
      out.push({
        ...base,
        what: 'final_plan_date',
        why: `final plan: the file says ${f.finalOn ?? 'none'}, the monitor ${m.finalOn ?? 'none'}`,
      });
    if ((f.decidedOn ?? null) !== (m.decidedOn ?? null))
      out.push({
        ...base,
        what: 'decision_date',
        why: `decision to assess: the file says ${f.decidedOn ?? 'none'}, the monitor ${m.decidedOn ?? 'none'}`,
      });
    if (f.finalOn && f.exception !== m.exception)
      out.push({
        ...base,
        what: 'exception',
        why: f.exception
          ? 'the file reports an exception to the 20-week limit (Week20); the monitor finds none that applies'
          : 'the monitor finds an exception that lifts the 20-week limit; the file does not report one (Week20)',
      });
  }
  for (const m of monitor) {
    if (inCohort(m) && !stated.has(key(m.childRef, m.received)))
      out.push({ caseRef: m.caseRef, what: 'missing_from_file', why: `the file has no request received on ${m.received} for this child` });
  }
  return out;
}

/** The check as CSV: the two sets of figures, then one line per difference and per problem. */
export function sen2CheckCsv(r: Sen2CheckReport, line: (cells: (string | number | null | undefined)[]) => string): string {
  const figure = (source: string, f: Figures) => [
    line([source, 'plans issued', f.plansIssued, null]),
    line([source, 'within 20 weeks, including exceptions', f.within20WeeksIncluding.count, f.within20WeeksIncluding.percent]),
    line([source, 'within 20 weeks, excluding exceptions', f.within20WeeksExcluding.count, f.within20WeeksExcluding.percent]),
    line([source, 'decisions whether to assess', f.decisions, null]),
    line([source, 'decisions within 6 weeks', f.decisionsWithin6Weeks.count, f.decisionsWithin6Weeks.percent]),
  ];
  return (
    [
      line(['source', 'figure', 'count', 'percent']),
      ...figure('file', r.file),
      ...figure('monitor', r.monitor),
      '',
      line(['kind', 'where in the file', 'case in the monitor', 'field', 'why']),
      ...r.differences.map((d) => line(['difference', d.file, d.caseRef, d.what, d.why])),
      ...r.problems.map((p) => line(['problem', p.record, null, p.field, p.reason])),
    ].join('\r\n') + '\r\n'
  );
}
