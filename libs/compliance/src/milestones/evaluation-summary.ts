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

export type EvaluationSummary =
  | { reassessment: boolean } // ehc_assessment
  | { senSupport: SenSupportSummary } // sen_support, once started
  | { placement: StoredPlacement } // alternative_provision, once started
  | null;

export function summaryOf(e: CaseEvaluation): EvaluationSummary {
  switch (e.pathway) {
    case 'ehc_assessment':
      return { reassessment: e.reassessment };
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
