import { Inject, Injectable } from '@nestjs/common';
import { Clock, RULES_TABLE } from '@app/config';
import { EventReader } from '@app/database';
import {
  ADVICE_SERVICES,
  actualFor,
  adviceTimelinessFromCounts,
  annualReviewsFromCounts,
  completedWeeks,
  ehcTimelinessFromCounts,
  evaluateCase,
  expectedAt,
  inclExclFromCounts,
  openAssessmentsFromCounts,
  waitingAtLeastWeeks,
  waitingListFromCounts,
  targetStatus,
  trajectoryPoints,
  OpenAssessmentsAccumulator,
  type AdviceService,
  type EhcTimelinessCounts,
  type RulesTable,
  type Target,
  type TargetMeasure,
  type TrajectoryPoint,
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
import { OpenCountsRepository, type EventsSeen } from './open-counts.repository';
import { ReportsRepository, type EhcCountsRow, type InclExclCounts, type OpenCounts, type TargetRow } from './reports.repository';
import { DayCountsRepository, reviewCapRule } from './day-counts.repository';
import { LONGEST_KEPT, seenFromOf, WaitingListCountsRepository } from './waiting-list-counts.repository';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { setOn, targetStart } from '../targets/target-start';
import { trendValue } from './trend-measures';
import { partsOf, sideBySide } from '../common/side-by-side';

/** An SQL row's counts as libs/rules names them. */
const counts = (c: InclExclCounts) => ({ hit: c.hit, all: c.all, hitEx: c.hit_ex, allEx: c.all_ex });
const scope = (las?: string[]): string[] | null => (las && las.length ? [...new Set(las)].sort() : null);

const toTarget = (t: TargetRow): Target => ({
  pathway: t.pathway as Target['pathway'],
  measure: t.measure as TargetMeasure,
  threshold: t.threshold,
  comparator: t.comparator,
  deadline: t.deadline,
  trajectory: t.trajectory,
  interpolation: t.interpolation,
});

const line = (t: TargetRow, start: TrajectoryPoint | null) =>
  trajectoryPoints(toTarget(t), start).map((p) => ({ on: p.date, value: p.value }));

/**
 * The reports: set-based SQL for the counts, and the libs/rules functions the accumulators' results
 * use for everything else (DfE rounding, percentiles, bands, targets), so the API, the pages and
 * the nightly snapshots agree by construction.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly reader: EventReader,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly clock: Clock,
    private readonly snapshots: SnapshotsService,
    private readonly openCounts: OpenCountsRepository,
    private readonly dayCounts: DayCountsRepository,
    private readonly waitingLists: WaitingListCountsRepository,
  ) {}

  /** New EHC plans issued in the period: within 20 weeks incl/excl exceptions, to a year, over a year, mean and median weeks. */
  async ehcTimeliness(q: EhcTimelinessQuery): Promise<EhcTimelinessReport> {
    const las = scope(q.las);
    const by = q.by ?? 'total';
    const rows = await this.repo.ehcCounts(
      await this.codes(las),
      q.from,
      q.to,
      by,
      this.rules.ehc.timelinessYearMonths,
      q.needCode ?? null,
    );
    const out: EhcTimelinessRow[] = rows.map((r) => ({ key: r.key, ...ehcTimelinessFromCounts(ehcTimelinessCounts(r)) }));
    if (by === 'total' && out.length === 0) out.push({ key: 'total', ...ehcTimelinessFromCounts(ehcTimelinessCounts(NO_PLANS)) });
    return { las, from: q.from, to: q.to, by, needCode: q.needCode ?? null, rows: out };
  }

  /** Decisions to assess within 6 weeks; advice within 6 weeks by service. */
  async stageTimeliness(q: PeriodQuery): Promise<StageTimelinessReport> {
    const las = scope(q.las);
    const codes = await this.codes(las);
    // The stored per-LA daily counts, added up: a row per LA and day, not every step (one large LA's
    // year of steps took up to 20 ms from the milestones, England's 150).
    const stored = await this.dayCounts.stageSum(codes, q.from, q.to);
    const [decisions, advice] = stored
      ? [stored.decisions, stored.advice]
      : await Promise.all([this.repo.decisionCounts(codes, q.from, q.to), this.repo.adviceCounts(codes, q.from, q.to)]);
    const byService = adviceTimelinessFromCounts(Object.fromEntries(advice.map((a) => [a.service as AdviceService, counts(a)])));
    const rows: AdviceTimelinessRow[] = [...ADVICE_SERVICES, 'all' as const].map((service) => ({ service, ...byService[service] }));
    return { las, from: q.from, to: q.to, decisions: inclExclFromCounts(counts(decisions)), advice: rows };
  }

  /**
   * Meetings within 12 months, reviews completed (LA decision) within 12 months, decisions within
   * 4 weeks, amended plans within 12 weeks, phase transfers on time.
   */
  async annualReviews(q: PeriodQuery): Promise<AnnualReviewsReport> {
    const las = scope(q.las);
    const rule = reviewCapRule(this.rules);
    const codes = await this.codes(las);
    // The stored per-LA daily counts, added up: a row per LA and day, not every review step (one
    // large LA's year of review steps took over 100 ms from the milestones).
    const stored = await this.dayCounts.sum(codes, q.from, q.to, rule);
    const c = stored ?? (await this.repo.reviewCounts(codes, q.from, q.to, rule.capDays, rule.capRuleKnown));
    const measures = annualReviewsFromCounts({
      meetings: { hit: c.meetings_hit, all: c.meetings_all },
      completed: { hit: c.completed_hit, all: c.completed_all },
      decisions: { hit: c.decisions_hit, all: c.decisions_all },
      amended: { hit: c.amended_hit, all: c.amended_all },
      phaseTransfers: c.transfers,
    });
    return { las, from: q.from, to: q.to, ...measures };
  }

  /** Who waits on a date (default today): count, median and 92nd percentile, NHS bands, targets, longest waiters. */
  async waitingList(q: WaitingListQuery): Promise<WaitingListReport> {
    const las = scope(q.las);
    const asOf = q.asOf ?? this.clock.todayInLondon();
    const w = this.rules.waits;
    const codes = await this.codes(las);
    const longest = Math.min(Math.max(q.longest ?? 20, 0), LONGEST_KEPT);
    // Today: the stored per-LA lists, added up (England from 302 rows, not every referral; one of
    // the 12 largest LAs' lists read in 6 ms at the median, where counting its referrals took 21).
    const today = asOf === this.clock.todayInLondon();
    const stored = today ? await this.waitingLists.sum(codes, q.pathway, asOf, longest) : null;
    const c = stored ?? (await this.repo.waitCounts(codes, q.pathway, asOf, seenFromOf(asOf), w.dnaRestartsClock, longest, w.qs51Months));
    const list = waitingListFromCounts(q.pathway, { waitingDays: c.waiting_days, seenDays: c.seen_days, qs51: c.qs51 }, this.rules);
    const targets = las?.length === 1 ? await this.targetStatuses(las[0], q.pathway, asOf, list) : [];
    return {
      las,
      asOf,
      ...list,
      over18Weeks: waitingAtLeastWeeks(c.waiting_days, 18),
      over52Weeks: waitingAtLeastWeeks(c.waiting_days, 52),
      targets,
      longestWaiters: c.longest.map((l) => ({
        la: l.la,
        caseRef: l.case_ref,
        clockStartOn: l.clock_start,
        daysWaited: l.days,
        completedWeeks: completedWeeks(l.days),
      })),
    };
  }

  /**
   * Open EHC assessments on a date (default today): count, overdue, due in the next 2 weeks, age
   * bands. Set-based over the stored milestones when they were evaluated as of that date or before
   * (today, in practice). Stored evaluations from after the date do not say what was known then (an
   * exception recorded later, a step made moot by a later closure), so then the assessments open on
   * that date are evaluated as of it by libs/rules from their events, LA by LA, and each LA's
   * counts are kept for that date until an event dated by then arrives for it (pastOpenCounts), as
   * the last count of each date a nightly pass ran is (OpenCountsRepository).
   */
  async openAssessments(q: OpenAssessmentsQuery): Promise<OpenAssessmentsReport> {
    const las = scope(q.las);
    const today = this.clock.todayInLondon();
    const asOf = q.asOf ?? today;
    const codes = await this.codes(las);
    let c: OpenCounts;
    if (asOf < today) c = await this.pastOpenCounts(codes, asOf);
    else {
      // Today: the stored per-LA counts, added up (England from 151 rows, not every milestone; one of
      // the 12 largest LAs from its row in 2.4 ms at the median, where counting took 29).
      const stored = asOf === today ? await this.openCounts.sum(codes, asOf) : null;
      c = stored ?? (await this.repo.openCounts(codes, asOf, this.dueWithinDays));
      if (c.evaluated_later > 0) c = await this.pastOpenCounts(codes, asOf);
    }
    const measures = openAssessmentsFromCounts(
      {
        open: c.open,
        overdue: c.overdue,
        finalPlanOverdue: c.final_overdue,
        dueSoon: c.due_soon,
        withException: c.with_exception,
        ageWeeks: c.weeks,
      },
      this.rules,
    );
    return { las, asOf, ...measures };
  }

  /** Measures over time from the nightly snapshots, with the LA's target trajectories at the same dates. */
  async trend(q: TrendQuery): Promise<TrendReport> {
    const needCode = q.needCode ?? 'all';
    const [snaps, targets] = await Promise.all([
      this.snapshots.series(q.la, q.pathway, q.from, q.to, needCode),
      this.repo.targets(q.la, q.pathway, q.measures),
    ]);
    const starts = new Map(await Promise.all(targets.map(async (t) => [t.target_id, await this.startOf(q.la, t, q.to)] as const)));
    return {
      la: q.la,
      pathway: q.pathway,
      needCode,
      from: q.from,
      to: q.to,
      series: q.measures.map((measure: TrendMeasure) => ({
        measure,
        points: snaps.map((s) => ({ on: s.snapshotOn, value: trendValue(measure, s.measures) })),
        targets: targets
          .filter((t) => t.measure === measure)
          .map((t) => ({
            targetId: t.target_id,
            name: t.name,
            comparator: t.comparator,
            threshold: t.threshold,
            deadline: t.deadline,
            expected: snaps.map((s) => ({ on: s.snapshotOn, value: expectedAt(toTarget(t), s.snapshotOn, starts.get(t.target_id)) })),
            trajectory: line(t, starts.get(t.target_id) ?? null),
          })),
      })),
    };
  }

  /** The LAs asked for, or every LA's code for a national report. */
  private async codes(las: string[] | null): Promise<string[]> {
    return las ?? this.repo.allLaCodes();
  }

  private get dueWithinDays(): number {
    return 7 * this.rules.measures.openDueWithinWeeks;
  }

  /**
   * Open assessments as of a past date over `codes`: the LAs' stored counts of that date that still
   * stand; the others from their stored milestones when those were evaluated as of that date or
   * before, else from their events (and then kept).
   */
  private async pastOpenCounts(codes: string[], asOf: string): Promise<OpenCounts> {
    // One LA: its stored row and the start of its count from events side by side; the latter says
    // whether its stored milestones could count the date instead (none of its open cases evaluated
    // as of a later date: rarely, for a past date, so not counted beside it on a chance).
    const one = codes.length === 1;
    const [stored, begun] = await Promise.all([
      this.openCounts.pastCounts(codes, asOf),
      one ? this.openCounts.beginPastCount(codes[0], asOf) : null,
    ]);
    const parts = [...stored.values()];
    const missing = codes.filter((la) => !stored.has(la));
    if (missing.length) {
      const live = begun?.evaluatedLater ? null : await this.repo.openCounts(missing, asOf, this.dueWithinDays);
      if (live && live.evaluated_later === 0) parts.push(live);
      else {
        // A few LAs at a time: one's events are read while another's are evaluated.
        await sideBySide(missing, PAST_COUNTS_AT_ONCE, async (la) => {
          parts.push(await this.openCountsFromEvents(la, asOf, one, begun));
        });
      }
    }
    return addOpenCounts(parts);
  }

  /**
   * One LA's assessments open on `asOf`, evaluated as of then from their events, and kept for that
   * date (the next ask of it, alone or among others, reads the kept row). `alone`: the report asks
   * for this LA only.
   */
  private async openCountsFromEvents(la: string, asOf: string, alone: boolean, begun: EventsSeen | null): Promise<OpenCounts> {
    const seen = begun ?? (await this.openCounts.beginPastCount(la, asOf));
    const acc = new OpenAssessmentsAccumulator(this.rules);
    // One LA alone: its cases in a few parts read side by side, each evaluated as it comes, so
    // PostgreSQL's reading (most of the time) runs on every core; several LAs already run side by side.
    const refs = seen.caseRefs;
    const size = alone ? Math.min(PAST_COUNT_CHUNK, Math.ceil(refs.length / PAST_COUNTS_AT_ONCE)) : PAST_COUNT_CHUNK;
    await sideBySide(partsOf(refs, size), alone ? PAST_COUNTS_AT_ONCE : 1, (part) =>
      this.reader.eachCaseAsOf(la, part, asOf, (c) =>
        acc.add(evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway })),
      ),
    );
    const k = acc.countsSoFar();
    const counts: OpenCounts = {
      open: k.open,
      overdue: k.overdue,
      final_overdue: k.finalPlanOverdue,
      due_soon: k.dueSoon,
      with_exception: k.withException,
      weeks: k.ageWeeks,
      evaluated_later: 0,
    };
    await this.openCounts.storePast(la, asOf, counts, seen);
    return counts;
  }

  private async targetStatuses(
    la: string,
    pathway: WaitingListQuery['pathway'],
    asOf: string,
    list: WaitingList,
  ): Promise<ReportTargetStatus[]> {
    const targets = await this.repo.targets(la, pathway);
    return Promise.all(
      targets.map(async (t) => {
        const actual = actualFor(t.measure as TargetMeasure, { waitingList: list });
        // No snapshot since the target was set (set today, before tonight's): it starts from today's figure.
        const start =
          (await this.startOf(la, t, asOf)) ?? (actual !== null && setOn(t.created_at) <= asOf ? { date: asOf, value: actual } : null);
        const s = targetStatus(toTarget(t), actual, asOf, this.rules, start);
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
          trajectory: line(t, start),
        };
      }),
    );
  }

  private startOf(la: string, t: TargetRow, asOf: string): Promise<TrajectoryPoint | null> {
    const target = {
      la,
      pathway: t.pathway as Target['pathway'],
      measure: t.measure as TargetMeasure,
      createdAt: t.created_at,
      trajectory: t.trajectory,
    };
    return targetStart(this.snapshots, target, asOf);
  }
}

/**
 * LAs counted from their events at once for a past date's open assessments, or parts of one LA's
 * cases when it is asked for alone (each holds a connection or two).
 */
const PAST_COUNTS_AT_ONCE = 3;
/** The most cases read in one statement for a past date's count. */
const PAST_COUNT_CHUNK = 2000;

/** Several LAs' (or parts') open assessment counts, added up. */
function addOpenCounts(parts: OpenCounts[]): OpenCounts {
  const sum: OpenCounts = { open: 0, overdue: 0, final_overdue: 0, due_soon: 0, with_exception: 0, weeks: {}, evaluated_later: 0 };
  for (const p of parts) {
    for (const k of ['open', 'overdue', 'final_overdue', 'due_soon', 'with_exception', 'evaluated_later'] as const) sum[k] += p[k];
    for (const [w, n] of Object.entries(p.weeks)) sum.weeks[w] = (sum.weeks[w] ?? 0) + n;
  }
  return sum;
}

const NO_PLANS: EhcCountsRow = {
  key: 'total',
  plans: 0,
  plans_ex: 0,
  within: 0,
  within_ex: 0,
  within_year: 0,
  within_year_ex: 0,
  over_year: 0,
  over_year_ex: 0,
  days: {},
  days_ex_sum: 0,
};

/** The SQL row as the counts libs/rules computes EHC timeliness from: every share is of the plans issued. */
function ehcTimelinessCounts(r: EhcCountsRow): EhcTimelinessCounts {
  const of = (hit: number, hitEx: number) => ({ hit, all: r.plans, hitEx, allEx: r.plans_ex });
  return {
    within20Weeks: of(r.within, r.within_ex),
    after20WeeksWithinYear: of(r.within_year, r.within_year_ex),
    overYear: of(r.over_year, r.over_year_ex),
    days: r.days,
    daysSumExcludingExceptions: r.days_ex_sum,
  };
}
