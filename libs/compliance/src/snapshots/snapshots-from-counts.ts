// One LA's snapshot rows from the stored counts (snapshot-counts.repository.ts): the same rows as
// SnapshotAccumulator.takeLa after every case of the LA was evaluated as of the date. EHC, annual
// reviews, waiting lists and SEN support's links are counted in SQL and turned into measures by
// libs/rules' ...FromCounts; SEN support and AP are counted from each case's stored summary
// (case_evaluations.summary), never from events.
import {
  ADVICE_SERVICES,
  countedOnOf,
  placementGroupFromCounts,
  senSupportFromCounts,
  senSupportLinksFromCounts,
  adviceTimelinessFromCounts,
  annualReviewsFromCounts,
  ehcTimelinessFromCounts,
  inclExclFromCounts,
  NO_INCL_EXCL,
  openAssessmentsFromCounts,
  rulesVersion,
  SortedCounts,
  termsUpTo,
  waitingListFromCounts,
  addInclExcl,
  type AdviceService,
  type PlacementGroup,
  type PlacementGroupCounts,
  type SenSupportCounts,
  type Histogram,
  type InclExclCounts,
  type MilestoneState,
  type Period,
  type RulesTable,
  type SenSupportLinks,
} from '@app/rules';
import type { EhcCountsRow } from '../reports/report-counts';
import { trailingYear } from './snapshot-accumulator';
import type { SnapshotCountParams, SnapshotCounts } from './snapshot-counts.repository';
import type { SnapshotMeasures, SnapshotRow } from './snapshot-measures';

/** What the counts are read with: the snapshot's period and the rules' numbers. */
export function snapshotCountParams(asOf: string, rules: RulesTable): SnapshotCountParams {
  const terms = senSupportTerms(asOf, rules);
  const ap = rules.alternativeProvision;
  return {
    termStarts: terms.map((t) => t.start),
    termCountedOn: terms.map((t) => countedOnOf(t, asOf)),
    apFullTimeHours: ap.fullTimeHours,
    apReviewDays: 7 * ap.reviewWeeks,
    apLongWithoutReviewDays: 7 * ap.longWithoutReviewWeeks,
    period: trailingYear(asOf),
    asOf,
    timelinessYearMonths: rules.ehc.timelinessYearMonths,
    dueSoonDays: 7 * rules.measures.openDueWithinWeeks,
    amendedCapDays: 7 * rules.annualReview.amendedPlanMeetingCapWeeks,
    qs51Months: rules.waits.qs51Months,
  };
}

/** The current term and the history the trend test reads, as SnapshotAccumulator counts them. */
const senSupportTerms = (asOf: string, rules: RulesTable) => termsUpTo(asOf, rules.senSupport.trendHistoryTerms + 1, rules);

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
  const waitingDays = { slt: {} as Record<number, number>, neurodevelopmental: {} as Record<number, number> };
  for (const [k, n] of Object.entries(c.waiting)) {
    const [list, days] = k.split(':') as ['slt' | 'neurodevelopmental', string];
    waitingDays[list][Number(days)] = n;
  }
  return senSupportLinksFromCounts({ ehcRequests: c.requests, supportToRequestDays: c.to_request, waitingDays, either: c.either });
}

function senSupportMeasures(c: SnapshotCounts, need: string, asOf: string, rules: RulesTable): SnapshotMeasures {
  const terms = senSupportTerms(asOf, rules);
  const counts: SenSupportCounts = {
    terms: terms.map(() => ({ atSupport: 0, bySchool: {}, byNeed: {}, started: 0, ended: 0, endedByReason: {} })),
    open: 0,
    overdue: 0,
    overdueBySchool: {},
  };
  const bump = (r: Record<string, number>, key: string, n: number) => (r[key] = (r[key] ?? 0) + n);
  for (const r of c.senSupport) {
    if (!inNeed(need)(r)) continue;
    const t = r.i === null ? null : counts.terms[r.i - 1];
    switch (r.k) {
      case 'school':
        t!.atSupport += r.n;
        bump(t!.bySchool, r.key!, r.n);
        break;
      case 'need':
        bump(t!.byNeed, r.key!, r.n);
        break;
      case 'started':
        t!.started += r.n;
        break;
      case 'ended':
        t!.ended += r.n;
        bump(t!.endedByReason, r.key!, r.n);
        break;
      case 'open':
        counts.open += r.n;
        break;
      case 'overdue':
        counts.overdue += r.n;
        bump(counts.overdueBySchool, r.key!, r.n);
        break;
    }
  }
  return { senSupport: senSupportFromCounts(terms, asOf, counts) };
}

function placementMeasures(c: SnapshotCounts, need: string): SnapshotMeasures {
  const groups = new Map<string, PlacementGroupCounts>();
  for (const r of c.placements) {
    if (!inNeed(need)(r)) continue;
    const id = `${r.dim}|${r.key}`;
    const g = groups.get(id);
    if (!g) {
      groups.set(id, {
        open: r.open,
        partTime: r.part_time,
        unreviewedPastReview: r.past_review,
        unreviewedPastLong: r.past_long,
        hours: r.hours,
        days: r.days,
      });
      continue;
    }
    g.open += r.open;
    g.partTime += r.part_time;
    g.unreviewedPastReview += r.past_review;
    g.unreviewedPastLong += r.past_long;
    g.hours += r.hours;
    g.days = mergeHistograms([g.days, r.days]);
  }
  const none: PlacementGroupCounts = { open: 0, partTime: 0, unreviewedPastReview: 0, unreviewedPastLong: 0, hours: 0, days: {} };
  const byDim = (dim: string): Record<string, PlacementGroup> =>
    Object.fromEntries(
      [...groups]
        .filter(([id]) => id.startsWith(`${dim}|`))
        .map(([id, g]) => [id.slice(dim.length + 1), placementGroupFromCounts(g)] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  const ended = new SortedCounts(groups.get('ended|')?.days ?? {});
  const median = ended.percentile(0.5);
  return {
    alternativeProvision: {
      ...placementGroupFromCounts(groups.get('all|') ?? none),
      byProvider: byDim('provider'),
      byReason: byDim('reason'),
      byCommissioner: byDim('commissioner'),
      ended: ended.count,
      medianWeeksInApEnded: median === null ? null : median / 7,
    },
  };
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
        measures = senSupportMeasures(c, needCode, asOf, rules);
        break;
      case 'alternative_provision':
        measures = placementMeasures(c, needCode);
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
