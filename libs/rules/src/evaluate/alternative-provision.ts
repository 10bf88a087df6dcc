// A placement in alternative provision (pathway alternative_provision). The LA's duty to arrange
// suitable full-time education (Education Act 1996 s19) makes part-time timetables and unreviewed
// placements what leaders watch; both thresholds are local policy in the rules table.
import type { AlternativeProvisionEvent, IsoDate } from '../contract';
import { toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import type { PathwayResult, PlacementSummary } from './evaluation.types';
import { buildMilestone } from './milestone';
import { reviewCycleSpecs } from './review-cycles';
import type { Entry } from './timeline';

type Ev<T extends AlternativeProvisionEvent['type']> = Extract<AlternativeProvisionEvent, { type: T }>;

interface PlacementFacts {
  startedOn?: IsoDate;
  /** The latest statement of the placement (a timetable's hours may be restated). */
  terms?: Ev<'placement_started'>;
  reviews: IsoDate[];
  ended?: { date: IsoDate; reason: string };
}

function collect(entries: readonly Entry[]): PlacementFacts {
  const f: PlacementFacts = { reviews: [] };
  for (const x of entries) {
    if (f.ended) break;
    if (x.type === 'placement_started') {
      f.startedOn ??= x.date;
      f.terms = x.event as Ev<'placement_started'>;
    } else if (f.startedOn === undefined) continue;
    else if (x.type === 'placement_reviewed') f.reviews.push(x.date);
    else if (x.type === 'placement_ended') f.ended = { date: x.date, reason: (x.event as Ev<'placement_ended'>).reason };
  }
  return f;
}

export function evaluateAlternativeProvision(entries: readonly Entry[], asOf: number, rules: RulesTable): PathwayResult {
  const f = collect(entries);
  const result: PathwayResult = {
    startedOn: f.startedOn ?? null,
    closedOn: f.ended?.date ?? null,
    outcome: f.ended ? 'placement_ended' : null,
    reassessment: false,
    needCode: null,
    milestones: [],
    ignoredExceptions: [],
  };
  if (f.startedOn === undefined || !f.terms) return result;
  const ap = rules.alternativeProvision;
  const endedOn = f.ended?.date ?? null;
  // Local policy (alternativeProvision.reviewWeeks): each placement reviewed every 6 weeks.
  const specs = reviewCycleSpecs({
    kind: 'placement_review',
    rule: 'alternativeProvision.reviewWeeks',
    startedOn: f.startedOn,
    reviews: f.reviews,
    intervalDays: 7 * ap.reviewWeeks,
    endedOn,
  });
  for (const spec of specs) result.milestones.push(buildMilestone(spec, asOf));
  const end = endedOn === null ? asOf : toDay(endedOn);
  const lastReviewedOn = f.reviews.length ? f.reviews[f.reviews.length - 1] : null;
  const daysWithoutReview = Math.max(0, end - toDay(lastReviewedOn ?? f.startedOn));
  const t = f.terms;
  const summary: PlacementSummary = {
    providerUrn: t.providerUrn ?? null,
    providerKind: t.providerKind ?? null,
    hoursPerWeek: t.hoursPerWeek,
    partTime: t.hoursPerWeek < ap.fullTimeHours,
    reason: t.reason,
    commissionedBy: t.commissionedBy,
    startedOn: f.startedOn,
    endedOn,
    endReason: f.ended?.reason ?? null,
    lastReviewedOn,
    daysInPlacement: Math.max(0, end - toDay(f.startedOn)),
    daysWithoutReview,
    // "Over 6 weeks without review": past the due day, as the milestone reads overdue.
    unreviewedPastReview: endedOn === null && daysWithoutReview > 7 * ap.reviewWeeks,
    unreviewedPastLong: endedOn === null && daysWithoutReview > 7 * ap.longWithoutReviewWeeks,
  };
  result.placement = summary;
  return result;
}
