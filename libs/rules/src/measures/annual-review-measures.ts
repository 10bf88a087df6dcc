// Annual review measures over a period (DfE annual reviews collection, SEN2 2024 onwards):
// meetings within 12 months, decisions within 4 weeks, amended plans within 12 weeks of the
// meeting, phase transfers on time. No exceptions apply to reviews, so there is one figure each.
import { daysBetween } from '../dates/iso-date';
import type { CaseEvaluation, Milestone, MilestoneState } from '../evaluate';
import type { RulesTable } from '../table';
import type { Accumulator } from './accumulator';
import { inPeriod, type Period } from './period';
import { doneInTime, share, type Share } from './share';

export interface AnnualReviewMeasures {
  period: Period;
  /** Meetings held in the period within their interval (12 months; under-5 local interval). */
  meetingsOnTime: Share;
  /** Decisions made in the period within 4 weeks of the meeting. */
  decisionsWithin4Weeks: Share;
  /** Amended plans issued in the period within 12 weeks of their meeting. */
  amendedWithin12Weeks: Share;
  /** Phase transfers whose deadline falls in the period: met out of all due. */
  phaseTransfersOnTime: Share;
  phaseTransfersByState: Record<MilestoneState, number>;
}

export class AnnualReviewAccumulator implements Accumulator<AnnualReviewMeasures> {
  private readonly meetings = [0, 0];
  private readonly decisions = [0, 0];
  private readonly amended = [0, 0];
  private readonly transfers: Record<MilestoneState, number> = { met: 0, missed: 0, pending: 0, overdue: 0, exempt: 0 };

  constructor(private readonly period: Period, private readonly rules: RulesTable) {}

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
      else if (m.kind === 'review_decision') tally(this.decisions, doneInTime(m));
      else if (m.kind === 'amended_plan') {
        const meeting = meetingOf(e, m);
        tally(this.amended, meeting !== null && daysBetween(meeting, m.doneOn!) <= capDays);
      }
    }
  }

  result(): AnnualReviewMeasures {
    const t = this.transfers;
    return {
      period: this.period,
      meetingsOnTime: share(this.meetings[0], this.meetings[1]),
      decisionsWithin4Weeks: share(this.decisions[0], this.decisions[1]),
      amendedWithin12Weeks: share(this.amended[0], this.amended[1]),
      phaseTransfersOnTime: share(t.met, t.met + t.missed + t.pending + t.overdue + t.exempt),
      phaseTransfersByState: { ...t },
    };
  }
}

function tally(counter: number[], hit: boolean): void {
  if (hit) counter[0]++;
  counter[1]++;
}

const meetingOf = (e: CaseEvaluation, m: Milestone) =>
  e.milestones.find((x) => x.kind === 'review_meeting' && x.cycle === m.cycle)?.doneOn ?? null;
