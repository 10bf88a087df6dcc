// Annual review of an active EHC plan (pathway annual_review).
import type { AnnualReviewEvent, IsoDate, PhaseTransfer, ReviewOutcome } from '../contract';
import { addMonthsToDay, dayNumberOf, fromDay, toDay } from '../dates/iso-date';
import type { RulePath, RulesTable } from '../table';
import type { LocalReminder, PathwayResult } from './evaluation.types';
import { buildMilestone, type MilestoneSpec } from './milestone';
import type { Entry } from './timeline';

type Ev<T extends AnnualReviewEvent['type']> = Extract<AnnualReviewEvent, { type: T }>;

interface ReviewFacts {
  /** The first statement of the plan: its issue date starts the review clock. */
  plan?: Ev<'plan_active'>;
  /** Later issue dates (a replacement plan) that restart the clock. */
  reissues: IsoDate[];
  birthDate?: IsoDate;
  needCode?: Ev<'plan_active'>['needCode'];
  /** Every phase transfer stated, by year (a correction is a retract plus a new statement). */
  transfers: PhaseTransfer[];
  meetings: IsoDate[];
  reports: IsoDate[];
  decisions: { date: IsoDate; outcome: ReviewOutcome }[];
  notices: IsoDate[];
  amendedPlans: IsoDate[];
  ceased?: IsoDate;
}

function collect(entries: readonly Entry[]): ReviewFacts {
  const f: ReviewFacts = { reissues: [], transfers: [], meetings: [], reports: [], decisions: [], notices: [], amendedPlans: [] };
  for (const x of entries) {
    const date = x.date;
    switch (x.type) {
      case 'plan_active': {
        const e = x.event as Ev<'plan_active'>;
        if (!f.plan) f.plan = e;
        else if (e.planIssuedOn > f.plan.planIssuedOn) f.reissues.push(e.planIssuedOn);
        f.birthDate ??= e.birthDate;
        if (e.needCode) f.needCode = e.needCode; // the latest stated need
        const t = e.phaseTransfer;
        if (t && !f.transfers.some((known) => known.year === t.year)) f.transfers.push(t);
        break;
      }
      case 'review_meeting_held':
        if (f.meetings[f.meetings.length - 1] !== date) f.meetings.push(date);
        break;
      case 'review_report_received':
        f.reports.push(date);
        break;
      case 'review_decision':
        f.decisions.push({ date, outcome: (x.event as Ev<'review_decision'>).outcome });
        break;
      case 'amendment_notice_issued':
        f.notices.push(date);
        break;
      case 'amended_plan_issued':
        f.amendedPlans.push(date);
        break;
      case 'plan_ceased':
        f.ceased ??= date;
        break;
    }
  }
  return f;
}

const firstIn = (dates: readonly IsoDate[], from: IsoDate, before: IsoDate | null) =>
  dates.find((d) => d >= from && (before === null || d < before)) ?? null;

/** Under 5 on `from` (Code of Practice 9.178: "children aged from birth to five"). */
function underFive(f: ReviewFacts, from: number, rules: RulesTable): boolean {
  const birth = f.birthDate;
  return birth !== undefined && from < addMonthsToDay(toDay(birth), 12 * rules.annualReview.underFiveAgeYears);
}

export function evaluateAnnualReview(entries: readonly Entry[], asOf: number, rules: RulesTable): PathwayResult {
  const f = collect(entries);
  const result: PathwayResult = {
    startedOn: f.plan?.planIssuedOn ?? null,
    closedOn: f.ceased ?? null,
    outcome: f.ceased ? 'plan_ceased' : null,
    reassessment: false,
    needCode: f.needCode ?? null,
    milestones: [],
    ignoredExceptions: [],
    localReminders: [],
  };
  if (!f.plan) return result;
  const reminders: MilestoneSpec[] = [];
  const specs = [...reviewCycles(f, rules, reminders), ...phaseTransfer(f, rules)];
  for (const spec of specs) {
    // A ceased plan keeps what was done; nothing further falls due.
    if (f.ceased && spec.done === null) continue;
    result.milestones.push(buildMilestone(spec, asOf));
  }
  for (const spec of reminders) if (!(f.ceased && spec.done === null)) result.localReminders!.push(reminderOf(spec, asOf));
  return result;
}

/** A local-policy reminder: the same clock as a milestone, states that never read as a breach. */
function reminderOf(spec: MilestoneSpec, asOf: number): LocalReminder {
  const done = spec.done === null ? null : toDay(spec.done);
  const state = done === null ? (asOf <= spec.due ? 'pending' : 'past_interval') : done <= spec.due ? 'held_within' : 'held_after';
  return {
    key: spec.key,
    kind: 'under_five_review',
    basis: 'local_policy',
    clockFrom: fromDay(spec.clockFrom),
    dueOn: fromDay(spec.due),
    doneOn: spec.done,
    state,
    rule: spec.rule,
    cycle: spec.cycle!,
  };
}

/**
 * The statutory cycles (every age: s44(1), 12 months), and in `reminders` the under-5 local-policy
 * reminder of each cycle that starts before the child is 5 (Code of Practice 9.178: "should consider").
 */
function reviewCycles(f: ReviewFacts, rules: RulesTable, reminders: MilestoneSpec[]): MilestoneSpec[] {
  const ar = rules.annualReview;
  const issued = f.plan!.planIssuedOn;
  const meetings = f.meetings.filter((m) => m >= issued);
  const specs: MilestoneSpec[] = [];
  let last = issued;
  // One cycle per meeting held, plus the next one due. An amendment does not reset the clock:
  // the next meeting runs from the last meeting (s44(1)(b)); a replacement plan restarts it
  // from its own issue date (s44(1)(a)).
  for (let i = 0; i <= meetings.length; i++) {
    const meeting = meetings[i] ?? null;
    const cycle = i + 1;
    const from = toDay(latestReissue(f.reissues, last, meeting) ?? last);
    const due = addMonthsToDay(from, ar.intervalMonths);
    specs.push({
      key: `review_meeting.${cycle}`,
      kind: 'review_meeting',
      rule: 'annualReview.intervalMonths',
      clockFrom: from,
      due,
      done: meeting,
      cycle,
    });
    const localDue = addMonthsToDay(from, ar.underFiveIntervalMonths);
    if (underFive(f, from, rules) && localDue < due) {
      const rule = 'annualReview.underFiveIntervalMonths';
      reminders.push({
        key: `under_five_review.${cycle}`,
        kind: 'review_meeting',
        rule,
        clockFrom: from,
        due: localDue,
        done: meeting,
        cycle,
      });
    }
    if (meeting === null) break;
    const held = toDay(meeting);
    const next = meetings[i + 1] ?? null;
    // reg 20(7)-(8): report within 2 weeks of the meeting.
    const report = firstIn(f.reports, meeting, next);
    specs.push({
      key: `review_report.${cycle}`,
      kind: 'review_report',
      rule: 'annualReview.reportWeeks',
      clockFrom: held,
      due: held + 7 * ar.reportWeeks,
      done: report,
      cycle,
    });
    // reg 20(10): decision to maintain, amend or cease within 4 weeks of the meeting.
    const decision = f.decisions.find((d) => d.date >= meeting && (next === null || d.date < next)) ?? null;
    specs.push({
      key: `review_decision.${cycle}`,
      kind: 'review_decision',
      rule: 'annualReview.decisionWeeks',
      clockFrom: held,
      due: held + 7 * ar.decisionWeeks,
      done: decision?.date ?? null,
      cycle,
    });
    const notice = firstIn(f.notices, meeting, next);
    const amended = firstIn(f.amendedPlans, meeting, next);
    if (decision?.outcome === 'amend' || notice !== null || amended !== null) specs.push(amendedPlan(held, notice, amended, cycle, rules));
    last = meeting;
  }
  return specs;
}

/** The latest replacement-plan date after `after` and not after `upTo` (null: no limit). */
function latestReissue(reissues: readonly IsoDate[], after: IsoDate, upTo: IsoDate | null): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const d of reissues) if (d > after && (upTo === null || d <= upTo) && (latest === null || d > latest)) latest = d;
  return latest;
}

/** reg 22(3): 8 weeks from the amendment notice, and never later than 12 weeks from the meeting. */
function amendedPlan(held: number, notice: IsoDate | null, done: IsoDate | null, cycle: number, rules: RulesTable): MilestoneSpec {
  const ar = rules.annualReview;
  const cap = held + 7 * ar.amendedPlanMeetingCapWeeks;
  const fromNotice = notice === null ? Infinity : toDay(notice) + 7 * ar.amendedPlanNoticeWeeks;
  const byNotice = fromNotice < cap;
  return {
    key: `amended_plan.${cycle}`,
    kind: 'amended_plan',
    rule: byNotice ? 'annualReview.amendedPlanNoticeWeeks' : 'annualReview.amendedPlanMeetingCapWeeks',
    clockFrom: byNotice ? toDay(notice!) : held,
    due: byNotice ? fromNotice : cap,
    done,
    cycle,
  };
}

/**
 * reg 18: the plan reviewed and amended, naming the new setting, before the transfer.
 * - reg 18(1)(b), `school` (reg 2(1) transfers (a)-(e)): before 15 February of the transfer year;
 * - reg 18(1)(a), `post16` (reg 2(1)(f)): before 31 March of the transfer year;
 *   "before" read strictly: the due day is the day before the deadline.
 * - reg 18(2), `post16_move`: at least 5 months before the move (`on`); due on the day 5 months before.
 * The clock opens 12 months before the transfer itself ("within 12 months of a transfer"): an
 * amended plan counts from then (September of the year before, for a September move), so an
 * amendment in the spring before does not. Done by the first amended plan from then, or later (missed).
 */
function phaseTransfer(f: ReviewFacts, rules: RulesTable): MilestoneSpec[] {
  const pt = rules.phaseTransfer;
  const specs: MilestoneSpec[] = [];
  for (const transfer of f.transfers) {
    const year = transfer.year;
    const moves = transfer.on !== undefined ? toDay(transfer.on) : dayNumberOf(year, pt.transferDay.month, pt.transferDay.day);
    const opens = addMonthsToDay(moves, -pt.lookbackMonths);
    const { due, rule } = transferDue(transfer, moves, rules);
    const done = f.amendedPlans.find((d) => toDay(d) >= opens) ?? null;
    specs.push({ key: `phase_transfer.${year}`, kind: 'phase_transfer', rule, clockFrom: opens, due, done });
  }
  return specs;
}

function transferDue(transfer: PhaseTransfer, moves: number, rules: RulesTable): { due: number; rule: RulePath } {
  const pt = rules.phaseTransfer;
  switch (transfer.kind) {
    case 'post16_move':
      return { due: addMonthsToDay(moves, -pt.post16MoveMonths), rule: 'phaseTransfer.post16MoveMonths' };
    case 'post16':
      return { due: dayNumberOf(transfer.year, pt.post16Deadline.month, pt.post16Deadline.day) - 1, rule: 'phaseTransfer.post16Deadline' };
    case 'school':
      return { due: dayNumberOf(transfer.year, pt.schoolDeadline.month, pt.schoolDeadline.day) - 1, rule: 'phaseTransfer.schoolDeadline' };
  }
}
