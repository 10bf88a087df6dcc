import { Inject, Injectable } from '@nestjs/common';
import { Clock, RULES_TABLE } from '@app/config';
import { EventReader } from '@app/database';
import {
  ADVICE_SERVICES,
  actualFor,
  addDays,
  addMonths,
  bandIndex,
  bandLabels,
  evaluateCase,
  expectedAt,
  roundDfe,
  share,
  targetStatus,
  OpenAssessmentsAccumulator,
  type IncludingExcluding,
  type RulesTable,
  type Target,
  type TargetMeasure,
  type WaitingList,
} from '@app/rules';
import type {
  AdviceTimelinessRow,
  AnnualReviewsReport,
  EhcTimelinessQuery,
  EhcTimelinessReport,
  EhcTimelinessRow,
  OpenAssessmentsQuery,
  OpenAssessmentsReport,
  PeriodQuery,
  ReportTargetStatus,
  StageTimelinessReport,
  TrendMeasure,
  TrendQuery,
  TrendReport,
  WaitingListQuery,
  WaitingListReport,
} from './report-types';
import { ReportsRepository, type EhcCountsRow, type InclExclCounts, type TargetRow } from './reports.repository';
import { trendValue } from './trend-measures';

const inclExcl = (c: InclExclCounts): IncludingExcluding => ({ including: share(c.hit, c.all), excluding: share(c.hit_ex, c.all_ex) });
const pair = (hit: number, all: number, hitEx: number, allEx: number): IncludingExcluding => inclExcl({ hit, all, hit_ex: hitEx, all_ex: allEx });
const scope = (las?: string[]): string[] | null => (las && las.length ? [...new Set(las)].sort() : null);

/** Histogram {value: count} -> counts per band of the given lower bounds. */
function banded(hist: Record<string, number>, bounds: readonly number[]): number[] {
  const out = bounds.map(() => 0);
  for (const [weeks, n] of Object.entries(hist)) out[bandIndex(bounds, Number(weeks))] += n;
  return out;
}

const toTarget = (t: TargetRow): Target => ({
  pathway: t.pathway as Target['pathway'],
  measure: t.measure as TargetMeasure,
  threshold: t.threshold,
  comparator: t.comparator,
  deadline: t.deadline,
  trajectory: t.trajectory,
  interpolation: t.interpolation,
});

/**
 * The reports: set-based SQL for the counts, libs/rules for every definition that is arithmetic
 * (DfE rounding, bands, targets), so the API, the pages and the rules accumulators agree.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly reader: EventReader,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly clock: Clock,
  ) {}

  /** New EHC plans issued in the period: within 20 weeks incl/excl exceptions, to a year, over a year, mean and median weeks. */
  async ehcTimeliness(q: EhcTimelinessQuery): Promise<EhcTimelinessReport> {
    const las = scope(q.las);
    const by = q.by ?? 'total';
    const rows = await this.repo.ehcCounts(await this.codes(las), q.from, q.to, by, this.rules.ehc.timelinessYearMonths, q.needCode ?? null);
    const out = rows.map(ehcRow);
    if (by === 'total' && out.length === 0) out.push(ehcRow(emptyEhc('total')));
    return { las, from: q.from, to: q.to, by, needCode: q.needCode ?? null, rows: out };
  }

  /** Decisions to assess within 6 weeks; advice within 6 weeks by service. */
  async stageTimeliness(q: PeriodQuery): Promise<StageTimelinessReport> {
    const las = scope(q.las);
    const codes = await this.codes(las);
    const [decisions, advice] = await Promise.all([this.repo.decisionCounts(codes, q.from, q.to), this.repo.adviceCounts(codes, q.from, q.to)]);
    const all: InclExclCounts = { hit: 0, all: 0, hit_ex: 0, all_ex: 0 };
    const byService = new Map(advice.map((a) => [a.service, a]));
    const rows: AdviceTimelinessRow[] = ADVICE_SERVICES.map((service) => {
      const c = byService.get(service) ?? { hit: 0, all: 0, hit_ex: 0, all_ex: 0 };
      all.hit += c.hit;
      all.all += c.all;
      all.hit_ex += c.hit_ex;
      all.all_ex += c.all_ex;
      return { service, ...inclExcl(c) };
    });
    rows.push({ service: 'all', ...inclExcl(all) });
    return { las, from: q.from, to: q.to, decisions: inclExcl(decisions), advice: rows };
  }

  /** Meetings within 12 months, decisions within 4 weeks, amended plans within 12 weeks, phase transfers on time. */
  async annualReviews(q: PeriodQuery): Promise<AnnualReviewsReport> {
    const las = scope(q.las);
    const ar = this.rules.annualReview;
    const c = await this.repo.reviewCounts(await this.codes(las), q.from, q.to, 7 * ar.amendedPlanMeetingCapWeeks, ar.amendedPlanNoticeWeeks !== ar.amendedPlanMeetingCapWeeks);
    const byState = { met: 0, missed: 0, pending: 0, overdue: 0, exempt: 0, ...c.transfers };
    const due = Object.values(byState).reduce((a, b) => a + b, 0);
    return {
      las,
      from: q.from,
      to: q.to,
      meetingsOnTime: share(c.meetings_hit, c.meetings_all),
      decisionsWithin4Weeks: share(c.decisions_hit, c.decisions_all),
      amendedWithin12Weeks: share(c.amended_hit, c.amended_all),
      phaseTransfersOnTime: share(byState.met, due),
      phaseTransfersByState: byState,
    };
  }

  /** Who waits on a date (default today): count, median and 92nd percentile, NHS bands, targets, longest waiters. */
  async waitingList(q: WaitingListQuery): Promise<WaitingListReport> {
    const las = scope(q.las);
    const asOf = q.asOf ?? this.clock.todayInLondon();
    const w = this.rules.waits;
    const seenFrom = addDays(addMonths(asOf, -12), 1);
    const c = await this.repo.waitCounts(await this.codes(las), q.pathway, asOf, seenFrom, w.dnaRestartsClock, Math.min(Math.max(q.longest ?? 20, 0), 500));
    const bands = banded(c.weeks, w.bandsWeeks);
    const overWeeks: Record<number, number> = {};
    for (let i = 1; i < w.bandsWeeks.length; i++) overWeeks[w.bandsWeeks[i]] = bands.slice(i).reduce((a, b) => a + b, 0);
    const targetWeeks = q.pathway === 'slt' ? w.sltTargetWeeks : w.ndTargetWeeks;
    const countAtLeast = (weeks: number) => Object.entries(c.weeks).reduce((a, [k, n]) => a + (Number(k) >= weeks ? n : 0), 0);
    const weeks = (days: number | null) => (days === null ? null : days / 7);
    const list: WaitingList = {
      pathway: q.pathway,
      waiting: c.waiting,
      medianWeeks: weeks(c.p50_days),
      p92Weeks: weeks(c.p92_days),
      bands: Object.fromEntries(bandLabels(w.bandsWeeks).map((l, i) => [l, bands[i]])),
      overWeeks,
      targetWeeks,
      withinTarget: share(c.waiting - countAtLeast(targetWeeks), c.waiting),
      overMax: countAtLeast(w.maxWeeks),
      seen: c.seen,
      medianWeeksToContact: weeks(c.seen_p50_days),
    };
    const targets = las?.length === 1 ? await this.targetStatuses(las[0], q.pathway, asOf, list) : [];
    return {
      las,
      asOf,
      ...list,
      over18Weeks: countAtLeast(18),
      over52Weeks: countAtLeast(52),
      targets,
      longestWaiters: c.longest.map((l) => ({
        la: l.la,
        caseRef: l.case_ref,
        clockStartOn: l.clock_start,
        daysWaited: l.days,
        completedWeeks: Math.floor(l.days / 7),
      })),
    };
  }

  /**
   * Open EHC assessments on a date (default today): count, overdue, due in the next 2 weeks, age
   * bands. Set-based over the stored milestones when they were evaluated as of that date or before
   * (today, in practice). Stored evaluations from after the date do not say what was known then (an
   * exception recorded later, a step made moot by a later closure), so then the assessments open on
   * that date are evaluated as of it by libs/rules from their events.
   */
  async openAssessments(q: OpenAssessmentsQuery): Promise<OpenAssessmentsReport> {
    const las = scope(q.las);
    const asOf = q.asOf ?? this.clock.todayInLondon();
    const m = this.rules.measures;
    const c = await this.repo.openCounts(await this.codes(las), asOf, 7 * m.openDueWithinWeeks);
    if (c.evaluated_later > 0) return { las, asOf, ...(await this.openAssessmentsFromEvents(las, asOf)) };
    const bands = banded(c.weeks, m.openAgeBandsWeeks);
    return {
      las,
      asOf,
      open: c.open,
      overdue: c.overdue,
      finalPlanOverdue: c.final_overdue,
      dueSoon: c.due_soon,
      withException: c.with_exception,
      ageBands: Object.fromEntries(bandLabels(m.openAgeBandsWeeks).map((l, i) => [l, bands[i]])),
    };
  }

  /** Measures over time from the nightly snapshots, with the LA's target trajectories at the same dates. */
  async trend(q: TrendQuery): Promise<TrendReport> {
    const needCode = q.needCode ?? 'all';
    const [snaps, targets] = await Promise.all([
      this.repo.snapshots(q.la, q.pathway, needCode, q.from, q.to),
      this.repo.targets(q.la, q.pathway, q.measures),
    ]);
    return {
      la: q.la,
      pathway: q.pathway,
      needCode,
      from: q.from,
      to: q.to,
      series: q.measures.map((measure: TrendMeasure) => ({
        measure,
        points: snaps.map((s) => ({ on: s.on, value: trendValue(measure, s.measures) })),
        targets: targets
          .filter((t) => t.measure === measure)
          .map((t) => ({
            targetId: t.target_id,
            name: t.name,
            comparator: t.comparator,
            threshold: t.threshold,
            deadline: t.deadline,
            expected: snaps.map((s) => ({ on: s.on, value: expectedAt(toTarget(t), s.on) })),
          })),
      })),
    };
  }

  /** The LAs asked for, or every LA's code for a national report. */
  private async codes(las: string[] | null): Promise<string[]> {
    return las ?? this.repo.allLaCodes();
  }

  private async openAssessmentsFromEvents(las: string[] | null, asOf: string) {
    const acc = new OpenAssessmentsAccumulator(this.rules);
    for (const { la, caseRefs } of await this.repo.openCaseRefs(await this.codes(las), asOf)) {
      for (let i = 0; i < caseRefs.length; i += 2000) {
        for (const c of await this.reader.loadCases(la, caseRefs.slice(i, i + 2000))) {
          acc.add(evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway }));
        }
      }
    }
    return acc.result();
  }

  private async targetStatuses(la: string, pathway: WaitingListQuery['pathway'], asOf: string, list: WaitingList): Promise<ReportTargetStatus[]> {
    const targets = await this.repo.targets(la, pathway);
    return targets.map((t) => {
      const s = targetStatus(toTarget(t), actualFor(t.measure as TargetMeasure, { waitingList: list }), asOf, this.rules);
      return {
        targetId: t.target_id,
        name: t.name,
        measure: t.measure as TargetMeasure,
        comparator: t.comparator,
        threshold: t.threshold,
        deadline: t.deadline,
        expected: s.expected,
        actual: s.actual,
        status: s.status,
      };
    });
  }
}

function emptyEhc(key: string): EhcCountsRow {
  return { key, plans: 0, plans_ex: 0, within: 0, within_ex: 0, within_year: 0, within_year_ex: 0, over_year: 0, over_year_ex: 0, sum_days: 0, median_days: null };
}

/** As libs/rules EhcTimelinessAccumulator.result(): DfE rounding of exact ratios of integers. */
function ehcRow(r: EhcCountsRow): EhcTimelinessRow {
  return {
    key: r.key,
    plansIssued: r.plans,
    plansIssuedExcludingExceptions: r.plans_ex,
    within20Weeks: pair(r.within, r.plans, r.within_ex, r.plans_ex),
    after20WeeksWithinYear: pair(r.within_year, r.plans, r.within_year_ex, r.plans_ex),
    overYear: pair(r.over_year, r.plans, r.over_year_ex, r.plans_ex),
    meanWeeks: r.plans === 0 ? null : roundDfe(r.sum_days, 7 * r.plans, 1),
    medianWeeks: r.median_days === null ? null : roundDfe(Math.round(2 * r.median_days), 14, 1),
  };
}
