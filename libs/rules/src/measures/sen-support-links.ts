// How SEN support meets the rest of the system, by the same pseudonymous childRef: EHC requests
// preceded by SEN support (and how long after its start), and children at SEN support who are also
// waiting for SLT or an ND assessment (and how long they have waited).
import type { IsoDate } from '../contract';
import { daysBetween } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import type { Accumulator } from './accumulator';
import { DayHistogram, SortedCounts, type Histogram } from './percentile';
import { inPeriod, type Period } from './period';
import { share, type Share } from './share';

export interface WaitOverlap {
  /** Children at SEN support (open, as of the evaluations' date) also waiting on this list. */
  children: number;
  medianWeeksWaited: number | null;
}

export interface SenSupportLinks {
  /** EHC needs assessment requests (not reassessments) received in the period. */
  ehcRequests: number;
  /** Of them, those whose child had SEN support that started on or before the request. */
  precededBySupport: Share;
  /** From the earliest such start to the request. */
  medianWeeksSupportToRequest: number | null;
  waiting: { slt: WaitOverlap; neurodevelopmental: WaitOverlap; either: number };
}

/** What the links are computed from, by the accumulator below or by SQL over stored evaluations. */
export interface SenSupportLinksCounts {
  ehcRequests: number;
  /** Days from the child's earliest SEN support start to the request, for requests preceded by support. */
  supportToRequestDays: Histogram;
  /** Each child at SEN support also waiting on the list: {longest days waited: children}. */
  waitingDays: { slt: Histogram; neurodevelopmental: Histogram };
  /** Children at SEN support waiting on either list. */
  either: number;
}

/** Shares and medians (in weeks) from the counts. */
export function senSupportLinksFromCounts(c: SenSupportLinksCounts): SenSupportLinks {
  const toRequest = new SortedCounts(c.supportToRequestDays);
  const overlap = (days: Histogram): WaitOverlap => {
    const s = new SortedCounts(days);
    const median = s.percentile(0.5);
    return { children: s.count, medianWeeksWaited: median === null ? null : median / 7 };
  };
  const median = toRequest.percentile(0.5);
  return {
    ehcRequests: c.ehcRequests,
    precededBySupport: share(toRequest.count, c.ehcRequests),
    medianWeeksSupportToRequest: median === null ? null : median / 7,
    waiting: { slt: overlap(c.waitingDays.slt), neurodevelopmental: overlap(c.waitingDays.neurodevelopmental), either: c.either },
  };
}

/**
 * Feed it every pathway's evaluations (the order does not matter: the links are made in result()).
 * Holds a few facts per child, not the evaluations.
 */
export class SenSupportLinksAccumulator implements Accumulator<SenSupportLinks> {
  private readonly supportSince = new Map<string, IsoDate>();
  private readonly openSupport = new Set<string>();
  private readonly requests: { childRef: string; on: IsoDate }[] = [];
  private readonly waits = { slt: new Map<string, number>(), neurodevelopmental: new Map<string, number>() };

  constructor(private readonly period?: Period) {}

  add(e: CaseEvaluation): void {
    const child = e.childRef;
    switch (e.pathway) {
      case 'sen_support': {
        if (e.startedOn === null) return;
        const known = this.supportSince.get(child);
        if (known === undefined || e.startedOn < known) this.supportSince.set(child, e.startedOn);
        if (e.status === 'open') this.openSupport.add(child);
        return;
      }
      case 'ehc_assessment':
        if (e.startedOn === null || e.reassessment || (this.period && !inPeriod(e.startedOn, this.period))) return;
        this.requests.push({ childRef: child, on: e.startedOn });
        return;
      case 'slt':
      case 'neurodevelopmental': {
        if (!e.wait?.open) return;
        const list = this.waits[e.pathway];
        list.set(child, Math.max(list.get(child) ?? 0, e.wait.daysWaited));
        return;
      }
      default:
        return;
    }
  }

  result(): SenSupportLinks {
    const toRequest = new DayHistogram();
    for (const r of this.requests) {
      const since = this.supportSince.get(r.childRef);
      if (since !== undefined && since <= r.on) toRequest.add(daysBetween(since, r.on));
    }
    const overlap = (list: Map<string, number>): Histogram => {
      const days = new DayHistogram();
      for (const [child, d] of list) if (this.openSupport.has(child)) days.add(d);
      return days.counts;
    };
    let either = 0;
    for (const child of this.openSupport) if (this.waits.slt.has(child) || this.waits.neurodevelopmental.has(child)) either++;
    return senSupportLinksFromCounts({
      ehcRequests: this.requests.length,
      supportToRequestDays: toRequest.counts,
      waitingDays: { slt: overlap(this.waits.slt), neurodevelopmental: overlap(this.waits.neurodevelopmental) },
      either,
    });
  }
}
