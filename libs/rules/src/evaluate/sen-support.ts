// SEN support in a school (pathway sen_support): the assess-plan-do-review cycle of the SEND Code
// of Practice (6.44-6.56), school-reported. Not a statutory clock: the review step is an internal
// target (senSupport.reviewIntervalWeeks, local policy read from CoP 6.65).
import type { IsoDate, NeedCode, SenSupportEvent, SupportEndReason } from '../contract';
import type { RulesTable } from '../table';
import type { PathwayResult, SenSupportSummary } from './evaluation.types';
import { buildMilestone } from './milestone';
import { reviewCycleSpecs } from './review-cycles';
import type { Entry } from './timeline';

type Ev<T extends SenSupportEvent['type']> = Extract<SenSupportEvent, { type: T }>;

interface SupportFacts {
  started?: Ev<'support_started'>;
  needs: { from: IsoDate; needCode: NeedCode }[];
  reviews: IsoDate[];
  ended?: { date: IsoDate; reason: SupportEndReason };
}

function collect(entries: readonly Entry[]): SupportFacts {
  const f: SupportFacts = { needs: [], reviews: [] };
  for (const x of entries) {
    if (x.type === 'support_started') {
      if (f.started) continue; // one spell per case: a second start restates nothing
      f.started = x.event as Ev<'support_started'>;
      f.needs.push({ from: x.date, needCode: f.started.needCode });
      continue;
    }
    // Nothing before the start or after the end belongs to the spell.
    if (!f.started || f.ended) continue;
    if (x.type === 'support_reviewed') f.reviews.push(x.date);
    else if (x.type === 'need_changed') {
      const needCode = (x.event as Ev<'need_changed'>).needCode;
      if (f.needs[f.needs.length - 1].needCode !== needCode) f.needs.push({ from: x.date, needCode });
    } else if (x.type === 'support_ended') f.ended = { date: x.date, reason: (x.event as Ev<'support_ended'>).reason };
  }
  return f;
}

export function evaluateSenSupport(entries: readonly Entry[], asOf: number, rules: RulesTable): PathwayResult {
  const f = collect(entries);
  const s = f.started;
  const result: PathwayResult = {
    startedOn: s?.date ?? null,
    closedOn: f.ended?.date ?? null,
    outcome: f.ended ? 'support_ended' : null,
    reassessment: false,
    needCode: f.needs.length ? f.needs[f.needs.length - 1].needCode : null,
    milestones: [],
    ignoredExceptions: [],
  };
  if (!s) return result;
  // CoP 6.65: parents met at least three times a year; a term without a review is overdue.
  const specs = reviewCycleSpecs({
    kind: 'support_review',
    rule: 'senSupport.reviewIntervalWeeks',
    startedOn: s.date,
    reviews: f.reviews,
    intervalDays: 7 * rules.senSupport.reviewIntervalWeeks,
    endedOn: f.ended?.date ?? null,
  });
  for (const spec of specs) result.milestones.push(buildMilestone(spec, asOf));
  const summary: SenSupportSummary = {
    schoolUrn: s.schoolUrn,
    needs: f.needs,
    ncYear: s.ncYear ?? null,
    startedOn: s.date,
    endedOn: f.ended?.date ?? null,
    endReason: f.ended?.reason ?? null,
    lastReviewedOn: f.reviews.length ? f.reviews[f.reviews.length - 1] : null,
  };
  result.senSupport = summary;
  return result;
}
