// One LA's snapshot rows from the stored counts (snapshot-counts.repository.ts): the same rows as
// SnapshotAccumulator.takeLa after every case of the LA was evaluated as of the date. EHC, annual
// reviews, waiting lists and SEN support's links are counted in SQL and turned into measures by
// libs/rules' ...FromCounts; SEN support and AP feed libs/rules' own accumulators from each case's
// stored summary (terms history by school and need, providers: many small groups), never from events.
import {
  ADVICE_SERVICES,
  AlternativeProvisionAccumulator,
  adviceTimelinessFromCounts,
  annualReviewsFromCounts,
  daysBetween,
  ehcTimelinessFromCounts,
  inclExclFromCounts,
  NO_INCL_EXCL,
  openAssessmentsFromCounts,
  rulesVersion,
  SenSupportAccumulator,
  share,
  SortedCounts,
  termsUpTo,
  waitingListFromCounts,
  addInclExcl,
  type AdviceService,
  type CaseEvaluation,
  type Histogram,
  type InclExclCounts,
  type MilestoneState,
  type Period,
  type PlacementSummary,
  type RulesTable,
  type SenSupportLinks,
} from '@app/rules';
import type { EhcCountsRow } from '../reports/report-counts';
import { trailingYear } from './snapshot-accumulator';
import type { SnapshotCountParams, SnapshotCounts, SupportCaseRow } from './snapshot-counts.repository';
import type { SnapshotMeasures, SnapshotRow } from './snapshot-measures';

/** What the counts are read with: the snapshot's period and the rules' numbers. */
export function snapshotCountParams(asOf: string, rules: RulesTable): SnapshotCountParams {
  return {
    period: trailingYear(asOf),
    asOf,
    timelinessYearMonths: rules.ehc.timelinessYearMonths,
    dueSoonDays: 7 * rules.measures.openDueWithinWeeks,
    amendedCapDays: 7 * rules.annualReview.amendedPlanMeetingCapWeeks,
    qs51Months: rules.waits.qs51Months,
  };
}

const ALL = 'all';
const inNeed = (need: string) => (r: { need: string }) => need === ALL || r.need === need;
const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);

function mergeHistograms(hs: Histogram[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const h of hs) for (const [k, n] of Object.entries(h)) out[Number(k)] = (out[Number(k)] ?? 0) + (n as number);
  return out;
}

const inclExcl = (rows: InclExclCounts[]): InclExclCounts => rows.reduce(addInclExcl, NO_INCL_EXCL);
const stepCounts = (r: { hit: number; all: number; hit_ex: number; all_ex: number }): InclExclCounts => ({
  hit: r.hit,
  all: r.all,
  hitEx: r.hit_ex,
  allEx: r.all_ex,
});

function ehcMeasures(c: SnapshotCounts, need: string, period: Period, rules: RulesTable): SnapshotMeasures {
  const plans = c.plans.filter(inNeed(need));
  const total = (k: keyof Omit<EhcCountsRow, 'key' | 'days'>) => sum(plans, (r) => r[k]);
  const of = (hit: number, hitEx: number) => ({ hit, all: total('plans'), hitEx, allEx: total('plans_ex') });
  const steps = c.steps.filter(inNeed(need));
  const byService: Partial<Record<AdviceService, InclExclCounts>> = {};
  for (const s of ADVICE_SERVICES) byService[s] = inclExcl(steps.filter((r) => r.kind === 'advice' && r.service === s).map(stepCounts));
  const open = c.open.filter(inNeed(need));
  return {
    ehc: {
      period,
      ...ehcTimelinessFromCounts({
        within20Weeks: of(total('within'), total('within_ex')),
        after20WeeksWithinYear: of(total('within_year'), total('within_year_ex')),
        overYear: of(total('over_year'), total('over_year_ex')),
        days: mergeHistograms(plans.map((r) => r.days)),
        daysSumExcludingExceptions: total('days_ex_sum'),
      }),
    },
    decisions: inclExclFromCounts(inclExcl(steps.filter((r) => r.kind === 'decision_to_assess').map(stepCounts))),
    advice: adviceTimelinessFromCounts(byService),
    open: openAssessmentsFromCounts(
      {
        open: sum(open, (r) => r.open),
        overdue: sum(open, (r) => r.overdue),
        finalPlanOverdue: sum(open, (r) => r.final_overdue),
        dueSoon: sum(open, (r) => r.due_soon),
        withException: sum(open, (r) => r.with_exception),
        ageWeeks: mergeHistograms(open.map((r) => r.weeks)),
      },
      rules,
    ),
  };
}

function reviewMeasures(c: SnapshotCounts, need: string, period: Period): SnapshotMeasures {
  const r = c.reviews.filter(inNeed(need));
  const t = (k: Exclude<keyof (typeof r)[number], 'need'>) => sum(r, (x) => x[k]);
  const phaseTransfers: Partial<Record<MilestoneState, number>> = {};
  for (const x of c.transfers.filter(inNeed(need))) {
    const s = x.state as MilestoneState;
    phaseTransfers[s] = (phaseTransfers[s] ?? 0) + x.n;
  }
  return {
    reviews: {
      period,
      ...annualReviewsFromCounts({
        meetings: { hit: t('meetings_hit'), all: t('meetings_all') },
        completed: { hit: t('completed_hit'), all: t('decisions_all') },
        decisions: { hit: t('decisions_hit'), all: t('decisions_all') },
        amended: { hit: t('amended_hit'), all: t('amended_all') },
        phaseTransfers,
      }),
    },
  };
}

function waitMeasures(c: SnapshotCounts, pathway: 'slt' | 'neurodevelopmental', need: string, rules: RulesTable): SnapshotMeasures {
  const waitingDays: Record<number, number> = {};
  const seenDays: Record<number, number> = {};
  for (const w of c.waits) {
    if (w.pathway !== pathway || !inNeed(need)(w)) continue;
    const h = w.k === 'w' ? waitingDays : seenDays;
    h[w.days] = (h[w.days] ?? 0) + w.n;
  }
  const q = pathway === 'neurodevelopmental' ? c.qs51.filter(inNeed(need)) : [];
  const qs51 = { within: sum(q, (x) => x.within), of: sum(q, (x) => x.of) };
  return { waitingList: waitingListFromCounts(pathway, { waitingDays, seenDays, qs51 }, rules) };
}

function linksFrom(c: SnapshotCounts['links']): SenSupportLinks {
  const toRequest = new SortedCounts(c.to_request);
  const overlap = (list: 'slt' | 'neurodevelopmental') => {
    const days: Record<number, number> = {};
    for (const [k, n] of Object.entries(c.waiting)) {
      const [l, d] = k.split(':');
      if (l === list) days[Number(d)] = n;
    }
    const s = new SortedCounts(days);
    const median = s.percentile(0.5);
    return { children: s.count, medianWeeksWaited: median === null ? null : median / 7 };
  };
  const median = toRequest.percentile(0.5);
  return {
    ehcRequests: c.requests,
    precededBySupport: share(toRequest.count, c.requests),
    medianWeeksSupportToRequest: median === null ? null : median / 7,
    waiting: { slt: overlap('slt'), neurodevelopmental: overlap('neurodevelopmental'), either: c.either },
  };
}

/** A stored SEN support spell or AP placement as the evaluation the accumulators read, as of asOf. */
function supportEvaluation(r: SupportCaseRow, asOf: string, rules: RulesTable): CaseEvaluation {
  const status = r.closed_on === null ? 'open' : 'closed';
  const base = { pathway: r.pathway, status, asOf } as Pick<CaseEvaluation, 'pathway' | 'status' | 'asOf'>;
  if ('senSupport' in r.summary) {
    const milestones = r.review_overdue ? [{ kind: 'support_review', state: 'overdue' }] : [];
    return { ...base, senSupport: r.summary.senSupport, milestones } as unknown as CaseEvaluation;
  }
  if (!('placement' in r.summary)) return { ...base, milestones: [] } as unknown as CaseEvaluation;
  const p = r.summary.placement;
  const ap = rules.alternativeProvision;
  const end = p.endedOn ?? asOf;
  const daysWithoutReview = Math.max(0, daysBetween(p.lastReviewedOn ?? p.startedOn, end));
  const placement: PlacementSummary = {
    ...p,
    partTime: p.hoursPerWeek < ap.fullTimeHours,
    daysInPlacement: Math.max(0, daysBetween(p.startedOn, end)),
    daysWithoutReview,
    unreviewedPastReview: p.endedOn === null && daysWithoutReview > 7 * ap.reviewWeeks,
    unreviewedPastLong: p.endedOn === null && daysWithoutReview > 7 * ap.longWithoutReviewWeeks,
  };
  return { ...base, placement, milestones: [] } as unknown as CaseEvaluation;
}

function supportMeasures(
  c: SnapshotCounts,
  pathway: 'sen_support' | 'alternative_provision',
  need: string,
  asOf: string,
  period: Period,
  rules: RulesTable,
): SnapshotMeasures {
  const acc =
    pathway === 'sen_support'
      ? new SenSupportAccumulator(termsUpTo(period.to, rules.senSupport.trendHistoryTerms + 1, rules), period.to)
      : new AlternativeProvisionAccumulator(period);
  for (const r of c.support) if (r.pathway === pathway && inNeed(need)(r)) acc.add(supportEvaluation(r, asOf, rules));
  return pathway === 'sen_support'
    ? { senSupport: (acc as SenSupportAccumulator).result() }
    : { alternativeProvision: (acc as AlternativeProvisionAccumulator).result() };
}

/** The LA's rows, ordered by pathway and need as SnapshotsRepository.read returns them. */
export function snapshotRowsFromCounts(la: string, asOf: string, c: SnapshotCounts, rules: RulesTable): SnapshotRow[] {
  const period = trailingYear(asOf);
  const version = rulesVersion(rules);
  const keys = new Map<string, { pathway: SnapshotRow['pathway']; needCode: string }>();
  for (const g of c.groups) {
    keys.set(`${g.pathway}|${ALL}`, { pathway: g.pathway, needCode: ALL });
    keys.set(`${g.pathway}|${g.need}`, { pathway: g.pathway, needCode: g.need });
  }
  const rows: SnapshotRow[] = [];
  for (const { pathway, needCode } of keys.values()) {
    let measures: SnapshotMeasures;
    switch (pathway) {
      case 'ehc_assessment':
        measures = ehcMeasures(c, needCode, period, rules);
        break;
      case 'annual_review':
        measures = reviewMeasures(c, needCode, period);
        break;
      case 'slt':
      case 'neurodevelopmental':
        measures = waitMeasures(c, pathway, needCode, rules);
        break;
      case 'sen_support':
      case 'alternative_provision':
        measures = supportMeasures(c, pathway, needCode, asOf, period, rules);
        break;
    }
    measures.rulesVersion = version;
    if (pathway === 'sen_support' && needCode === ALL) measures.senSupportLinks = linksFrom(c.links);
    rows.push({ la, snapshotOn: asOf, pathway, needCode, measures });
  }
  return rows.sort((a, b) =>
    a.pathway < b.pathway ? -1 : a.pathway > b.pathway ? 1 : a.needCode < b.needCode ? -1 : a.needCode > b.needCode ? 1 : 0,
  );
}
