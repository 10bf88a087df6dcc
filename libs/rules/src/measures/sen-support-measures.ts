// Children at SEN support by term: counts on each term's last day by school and need, the flows in
// and out during the term, and (now) the reviews overdue. One pass over sen_support evaluations.
import type { IsoDate } from '../contract';
import type { CaseEvaluation, SenSupportSummary } from '../evaluate';
import type { Accumulator } from './accumulator';
import type { SchoolTerm } from './school-terms';
import { share, type Share } from './share';

export interface SenSupportTerm {
  term: SchoolTerm;
  /** The day counted: the term's last day, or the as-of date in the current term. */
  countedOn: IsoDate;
  atSupport: number;
  bySchool: Record<string, number>;
  byNeed: Record<string, number>;
  /** Support that started / ended during the term (flows in and out). */
  started: number;
  ended: number;
  endedByReason: Record<string, number>;
}

export interface SenSupportNow {
  open: number;
  /** Open spells whose review (senSupport.reviewIntervalWeeks) is overdue. */
  reviewOverdue: Share;
  reviewOverdueBySchool: Record<string, number>;
}

export interface SenSupportMeasures {
  terms: SenSupportTerm[];
  now: SenSupportNow;
}

const bump = (r: Record<string, number>, key: string) => (r[key] = (r[key] ?? 0) + 1);

/** The need stated on or before `day` (the start's need on the start day). */
export function needOn(s: SenSupportSummary, day: IsoDate): string {
  let need: string = s.needs[0]?.needCode ?? 'unknown';
  for (const n of s.needs) if (n.from <= day) need = n.needCode;
  return need;
}

/** At SEN support on `day`: started on or before it and not ended by it. */
export const atSupportOn = (s: SenSupportSummary, day: IsoDate): boolean => s.startedOn <= day && (s.endedOn === null || s.endedOn > day);

/** The day a term is counted on: its last day, or `asOf` while it runs. */
export const countedOnOf = (term: SchoolTerm, asOf: IsoDate): IsoDate => (term.end < asOf ? term.end : asOf);

/** What the measures are computed from, by the accumulator below or by SQL over stored spells. */
export interface SenSupportCounts {
  /** Each term's counts, in the order of `terms`. */
  terms: Omit<SenSupportTerm, 'term' | 'countedOn'>[];
  open: number;
  overdue: number;
  overdueBySchool: Record<string, number>;
}

/** The measures from the counts: each term with the day it was counted, the overdue share of the open spells. */
export function senSupportFromCounts(terms: readonly SchoolTerm[], asOf: IsoDate, c: SenSupportCounts): SenSupportMeasures {
  return {
    terms: terms.map((term, i) => ({ term, countedOn: countedOnOf(term, asOf), ...c.terms[i] })),
    now: { open: c.open, reviewOverdue: share(c.overdue, c.open), reviewOverdueBySchool: c.overdueBySchool },
  };
}

export class SenSupportAccumulator implements Accumulator<SenSupportMeasures> {
  private readonly terms: SenSupportTerm[];
  private open = 0;
  private overdue = 0;
  private readonly overdueBySchool: Record<string, number> = {};

  /** `terms` oldest first (termsUpTo); counts on each term's end, never after `asOf`. */
  constructor(
    terms: readonly SchoolTerm[],
    private readonly asOf: IsoDate,
  ) {
    this.terms = terms.map((term) => ({
      term,
      countedOn: countedOnOf(term, asOf),
      atSupport: 0,
      bySchool: {},
      byNeed: {},
      started: 0,
      ended: 0,
      endedByReason: {},
    }));
  }

  add(e: CaseEvaluation): void {
    const s = e.senSupport;
    if (e.pathway !== 'sen_support' || !s) return;
    for (const t of this.terms) {
      if (atSupportOn(s, t.countedOn)) {
        t.atSupport++;
        bump(t.bySchool, s.schoolUrn);
        bump(t.byNeed, needOn(s, t.countedOn));
      }
      if (s.startedOn >= t.term.start && s.startedOn <= t.countedOn) t.started++;
      if (s.endedOn !== null && s.endedOn >= t.term.start && s.endedOn <= t.countedOn) {
        t.ended++;
        bump(t.endedByReason, s.endReason ?? 'other');
      }
    }
    if (e.status !== 'open') return;
    this.open++;
    if (e.milestones.some((m) => m.kind === 'support_review' && m.state === 'overdue')) {
      this.overdue++;
      bump(this.overdueBySchool, s.schoolUrn);
    }
  }

  result(): SenSupportMeasures {
    const { open, overdue, overdueBySchool } = this;
    return senSupportFromCounts(
      this.terms.map((t) => t.term),
      this.asOf,
      { terms: this.terms, open, overdue, overdueBySchool },
    );
  }
}
