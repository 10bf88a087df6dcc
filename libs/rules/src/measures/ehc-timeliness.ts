// EHC timeliness as the DfE publishes it (SEN2 / "Education, health and care plans"): of new plans
// issued in the period, within 20 weeks, 20 weeks to a year, over a year, including and excluding
// exceptions; mean weeks to issue including and excluding exceptions, median weeks. Also decisions within 6 weeks and advice within
// 6 weeks by service. Reassessments are not new plans and are left out.
import { ADVICE_SERVICES, type AdviceService } from '../contract/vocabulary';
import { addMonths, daysBetween } from '../dates/iso-date';
import type { CaseEvaluation, Milestone } from '../evaluate';
import type { RulesTable } from '../table';
import type { Accumulator } from './accumulator';
import { DayHistogram, SortedCounts, type Histogram } from './percentile';
import type { Period } from './period';
import { inPeriod } from './period';
import { roundDfe } from './round-dfe';
import {
  addInclExcl,
  doneInTime,
  inclExclFromCounts,
  InclExclCounter,
  NO_INCL_EXCL,
  type IncludingExcluding,
  type InclExclCounts,
} from './share';

export interface EhcTimeliness {
  period: Period;
  plansIssued: number;
  plansIssuedExcludingExceptions: number;
  within20Weeks: IncludingExcluding;
  after20WeeksWithinYear: IncludingExcluding;
  overYear: IncludingExcluding;
  /** Weeks from request to final plan, all plans issued, 1 dp. */
  meanWeeks: number | null;
  /** The same mean over plans whose 20-week limit no exception lifted (the DfE's excluding figure), 1 dp. */
  meanWeeksExcludingExceptions: number | null;
  medianWeeks: number | null;
}

/** What EHC timeliness is computed from, by the accumulator below or by the reports' SQL. */
export interface EhcTimelinessCounts {
  /** Final plans issued (all), and those on time (hit), each with and without exempt plans. */
  within20Weeks: InclExclCounts;
  after20WeeksWithinYear: InclExclCounts;
  overYear: InclExclCounts;
  /** Days from request to final plan, every plan issued: {days: plans}. */
  days: Histogram;
  /** Those days summed over the plans without an exception (within20Weeks.allEx of them). */
  daysSumExcludingExceptions: number;
}

/** The DfE figures from the counts: shares and mean to 1 dp, half away from zero, on exact ratios. */
export function ehcTimelinessFromCounts(c: EhcTimelinessCounts): Omit<EhcTimeliness, 'period'> {
  const days = new SortedCounts(c.days);
  const median = days.percentile(0.5);
  return {
    plansIssued: c.within20Weeks.all,
    plansIssuedExcludingExceptions: c.within20Weeks.allEx,
    within20Weeks: inclExclFromCounts(c.within20Weeks),
    after20WeeksWithinYear: inclExclFromCounts(c.after20WeeksWithinYear),
    overYear: inclExclFromCounts(c.overYear),
    meanWeeks: days.count === 0 ? null : roundDfe(days.sum, 7 * days.count, 1),
    meanWeeksExcludingExceptions: c.within20Weeks.allEx === 0 ? null : roundDfe(c.daysSumExcludingExceptions, 7 * c.within20Weeks.allEx, 1),
    // A median of whole days is a whole or half day: exact as a ratio of integers.
    medianWeeks: median === null ? null : roundDfe(Math.round(2 * median), 14, 1),
  };
}

const isNewAssessment = (e: CaseEvaluation) => e.pathway === 'ehc_assessment' && !e.reassessment;

function milestonesOf(e: CaseEvaluation, kind: Milestone['kind'], period: Period): Milestone[] {
  return e.milestones.filter((m) => m.kind === kind && inPeriod(m.doneOn, period));
}

export class EhcTimelinessAccumulator implements Accumulator<EhcTimeliness> {
  private readonly within = new InclExclCounter();
  private readonly withinYear = new InclExclCounter();
  private readonly overYear = new InclExclCounter();
  private readonly days = new DayHistogram();
  private daysSumEx = 0;

  constructor(
    private readonly period: Period,
    private readonly rules: RulesTable,
  ) {}

  add(e: CaseEvaluation): void {
    if (!isNewAssessment(e) || e.startedOn === null) return;
    for (const m of milestonesOf(e, 'final_plan', this.period)) {
      const exempt = m.state === 'exempt';
      const onTime = doneInTime(m);
      const yearEnd = addMonths(e.startedOn, this.rules.ehc.timelinessYearMonths);
      this.within.add(onTime, exempt);
      this.withinYear.add(!onTime && m.doneOn! <= yearEnd, exempt);
      this.overYear.add(m.doneOn! > yearEnd, exempt);
      const days = daysBetween(e.startedOn, m.doneOn!);
      this.days.add(days);
      if (!exempt) this.daysSumEx += days;
    }
  }

  result(): EhcTimeliness {
    return {
      period: this.period,
      ...ehcTimelinessFromCounts({
        within20Weeks: this.within.counts(),
        after20WeeksWithinYear: this.withinYear.counts(),
        overYear: this.overYear.counts(),
        days: this.days.counts,
        daysSumExcludingExceptions: this.daysSumEx,
      }),
    };
  }
}

/** Decisions whether to assess made in the period, within 6 weeks (reg 5(1)). */
export class DecisionTimelinessAccumulator implements Accumulator<IncludingExcluding> {
  private readonly counter = new InclExclCounter();
  constructor(private readonly period: Period) {}

  add(e: CaseEvaluation): void {
    if (!isNewAssessment(e)) return;
    for (const m of milestonesOf(e, 'decision_to_assess', this.period)) this.counter.add(doneInTime(m), m.state === 'exempt');
  }

  result(): IncludingExcluding {
    return this.counter.result();
  }
}

export type AdviceTimeliness = Record<AdviceService | 'all', IncludingExcluding>;

/** Every service (0 of 0 where none returned advice) and 'all', the services' counts summed. */
export function adviceTimelinessFromCounts(byService: Partial<Record<AdviceService, InclExclCounts>>): AdviceTimeliness {
  let all = NO_INCL_EXCL;
  const out: Partial<AdviceTimeliness> = {};
  for (const s of ADVICE_SERVICES) {
    const c = byService[s] ?? NO_INCL_EXCL;
    all = addInclExcl(all, c);
    out[s] = inclExclFromCounts(c);
  }
  out.all = inclExclFromCounts(all);
  return out as AdviceTimeliness;
}

/** Advice returned in the period within 6 weeks of its request (reg 8(1)), by service. */
export class AdviceTimelinessAccumulator implements Accumulator<AdviceTimeliness> {
  private readonly counters = new Map<AdviceService, InclExclCounter>(ADVICE_SERVICES.map((s) => [s, new InclExclCounter()]));
  constructor(private readonly period: Period) {}

  add(e: CaseEvaluation): void {
    if (e.pathway !== 'ehc_assessment') return;
    for (const m of milestonesOf(e, 'advice', this.period)) this.counters.get(m.service!)!.add(doneInTime(m), m.state === 'exempt');
  }

  result(): AdviceTimeliness {
    return adviceTimelinessFromCounts(Object.fromEntries([...this.counters].map(([s, c]) => [s, c.counts()])));
  }
}
