// What a case's measures need beyond the evaluation's columns, stored with it (case_evaluations.summary)
// so snapshots and stage durations are counted from the store without re-evaluating the case.
// Time-independent only: nothing here grows with the days (days in placement, days since review,
// part-time against the rules' hours are derived from these dates and the rules when read).
import type { CaseEvaluation, PlacementSummary, SenSupportSummary } from '@app/rules';

/** An AP placement as stored: PlacementSummary without what depends on the day or the rules table. */
export type StoredPlacement = Omit<
  PlacementSummary,
  'partTime' | 'daysInPlacement' | 'daysWithoutReview' | 'unreviewedPastReview' | 'unreviewedPastLong'
>;

/** The steps an ended new assessment's stage durations read (StageDistributionsFromStore). */
export const STAGE_STEP_KINDS = ['decision_to_assess', 'advice', 'draft_plan', 'final_plan'] as const;

/** One of those steps as stored: kind, the day it was done, its state. */
export type StoredStageStep = [kind: string, doneOn: string | null, state: string];

export type EvaluationSummary =
  // ehc_assessment; an ended new assessment with its stage steps in key order, so the nightly
  // stage durations read them with the case instead of looking up its milestones (issue 16).
  | { reassessment: boolean; stageSteps?: StoredStageStep[] }
  | { senSupport: SenSupportSummary } // sen_support, once started
  | { placement: StoredPlacement } // alternative_provision, once started
  | null;

/** An ended new assessment's stage steps, as StageDistributionsFromStore reads them (key order, as case_milestones_pkey). */
export function stageStepsOf(e: CaseEvaluation): StoredStageStep[] {
  return e.milestones
    .filter((m) => (STAGE_STEP_KINDS as readonly string[]).includes(m.kind))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((m) => [m.kind, m.doneOn, m.state]);
}

export function summaryOf(e: CaseEvaluation): EvaluationSummary {
  switch (e.pathway) {
    case 'ehc_assessment':
      if (e.reassessment || e.closedOn === null) return { reassessment: e.reassessment };
      return { reassessment: false, stageSteps: stageStepsOf(e) };
    case 'sen_support':
      return e.senSupport ? { senSupport: e.senSupport } : null;
    case 'alternative_provision': {
      const p = e.placement;
      if (!p) return null;
      const { providerUrn, providerKind, hoursPerWeek, reason, commissionedBy, startedOn, endedOn, endReason, lastReviewedOn } = p;
      return {
        placement: { providerUrn, providerKind, hoursPerWeek, reason, commissionedBy, startedOn, endedOn, endReason, lastReviewedOn },
      };
    }
    default:
      return null;
  }
}
