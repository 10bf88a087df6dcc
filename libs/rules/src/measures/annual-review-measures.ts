// Annual review measures over a period (DfE annual reviews collection, SEN2 2024 onwards):
// meetings within 12 months, reviews completed (the LA's reg 20(10) decision) within 12 months,
// decisions within 4 weeks, amended plans within 12 weeks of the meeting, phase transfers on time.
// No exceptions apply to reviews, so there is one figure each. Local-policy reminders (under-5
// reviews, Code 9.178) are not milestones and never count here.
import { daysBetween } from '../dates/iso-date';
import type { CaseEvaluation, Milestone, MilestoneState } from '../evaluate';
import type { RulesTable } from '../table';
import type { Accumulator } from './accumulator';
import { inPeriod, type Period } from './period';
import { doneInTime, share, shareOf, type HitCounts, type Share } from './share';

export interface AnnualReviewMeasures {
  period: Period;
  /** Meetings held in the period within 12 months of the plan or the previous review (s44(1)), as the DfE collects it. */
  meetingsOnTime: Share;
  /**
   * Reviews completed in the period (the LA's decision to maintain, amend or cease, reg 20(10)) within
   * the same 12 months as their meeting (Code of Practice 9.169): the review read as ending with the decision.
   */
  reviewsCompletedWithin12Months: Share;
  /** Decisions made in the period within 4 weeks of the meeting. */
  decisionsWithin4Weeks: Share;
  /** Amended plans issued in the period within 12 weeks of their meeting. */
  amendedWithin12Weeks: Share;
  /** Phase transfers whose deadline falls in the period: met out of all due. */
  phaseTransfersOnTime: Share;
  phaseTransfersByState: Record<MilestoneState, number>;
}

/** What the measures are computed from, by the accumulator below or by the reports' SQL. */
export interface AnnualReviewCounts {
  meetings: HitCounts;
  /** Decisions made in the period, hit when on or before their cycle's 12-month review date. */
  completed: HitCounts;
  decisions: HitCounts;
  amended: HitCounts;
  /** Phase transfers due in the period, by state (a state none is in may be left out). */
  phaseTransfers: Partial<Record<MilestoneState, number>>;
}

/** Shares of the counts; a phase transfer is on time when met, out of every one due. */
export function annualReviewsFromCounts(c: AnnualReviewCounts): Omit<AnnualReviewMeasures, 'period'> {
  const byState: Record<MilestoneState, number> = { met: 0, missed: 0, pending: 0, overdue: 0, exempt: 0, ...c.phaseTransfers };
  const due = Object.values(byState).reduce((a, b) => a + b, 0);
  return {
    meetingsOnTime: shareOf(c.meetings),
    reviewsCompletedWithin12Months: shareOf(c.completed),
    decisionsWithin4Weeks: shareOf(c.decisions),
    amendedWithin12Weeks: shareOf(c.amended),
    phaseTransfersOnTime: share(byState.met, due),
    phaseTransfersByState: byState,
  };
}

export class AnnualReviewAccumulator implements Accumulator<AnnualReviewMeasures> {
  private readonly meetings = { hit: 0, all: 0 };
  private readonly completed = { hit: 0, all: 0 };
  private readonly decisions = { hit: 0, all: 0 };
  private readonly amended = { hit: 0, all: 0 };
  private readonly transfers: Record<MilestoneState, number> = { met: 0, missed: 0, pending: 0, overdue: 0, exempt: 0 };

  constructor(
    private readonly period: Period,
    private readonly rules: RulesTable,
  ) {}

  add(e: CaseEvaluation): void {
    if (e.pathway !== 'annual_review') return;
    const capDays = 7 * this.rules.annualReview.amendedPlanMeetingCapWeeks;
    for (const m of e.milestones) {
      if (m.kind === 'phase_transfer') {
        if (inPeriod(m.dueOn, this.period)) this.transfers[m.state]++;
        continue;
      }
      if (!inPeriod(m.doneOn, this.period)) continue;
      if (m.kind === 'review_meeting') tally(this.meetings, doneInTime(m));
      else if (m.kind === 'review_decision') {
        tally(this.decisions, doneInTime(m));
        const reviewDue = meetingMilestoneOf(e, m)?.dueOn;
        tally(this.completed, reviewDue !== undefined && m.doneOn! <= reviewDue);
      } else if (m.kind === 'amended_plan') {
        const meeting = meetingOf(e, m);
        tally(this.amended, meeting !== null && daysBetween(meeting, m.doneOn!) <= capDays);
      }
    }
  }

  result(): AnnualReviewMeasures {
    const { meetings, completed, decisions, amended, transfers } = this;
    return { period: this.period, ...annualReviewsFromCounts({ meetings, completed, decisions, amended, phaseTransfers: transfers }) };
  }
}

function tally(counter: HitCounts, hit: boolean): void {
  if (hit) counter.hit++;
  counter.all++;
}

const meetingMilestoneOf = (e: CaseEvaluation, m: Milestone) =>
  e.milestones.find((x) => x.kind === 'review_meeting' && x.cycle === m.cycle);

const meetingOf = (e: CaseEvaluation, m: Milestone) => meetingMilestoneOf(e, m)?.doneOn ?? null;
