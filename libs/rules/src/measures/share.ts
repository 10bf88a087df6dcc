// "x of y, z%" counters, including and excluding exceptions as the DfE publishes them.
import type { Milestone } from '../evaluate';
import { percentDfe } from './round-dfe';

export interface Share {
  count: number;
  of: number;
  /** 1 dp, half away from zero; null when `of` is 0. */
  percent: number | null;
}

/** Including exceptions: every case counts. Excluding: cases with an exception on the step drop out of both. */
export interface IncludingExcluding {
  including: Share;
  excluding: Share;
}

export const share = (count: number, of: number): Share => ({ count, of, percent: percentDfe(count, of) });

/** What a share is computed from: steps that hit the limit out of all steps. */
export interface HitCounts {
  hit: number;
  all: number;
}

/** The counts behind an IncludingExcluding pair: the same again without the exempt steps. */
export interface InclExclCounts extends HitCounts {
  hitEx: number;
  allEx: number;
}

export const NO_INCL_EXCL: InclExclCounts = Object.freeze({ hit: 0, all: 0, hitEx: 0, allEx: 0 });

export const addInclExcl = (a: InclExclCounts, b: InclExclCounts): InclExclCounts => ({
  hit: a.hit + b.hit,
  all: a.all + b.all,
  hitEx: a.hitEx + b.hitEx,
  allEx: a.allEx + b.allEx,
});

export const shareOf = (c: HitCounts): Share => share(c.hit, c.all);

export const inclExclFromCounts = (c: InclExclCounts): IncludingExcluding => ({
  including: share(c.hit, c.all),
  excluding: share(c.hitEx, c.allEx),
});

export class InclExclCounter {
  private readonly c = { hit: 0, all: 0, hitEx: 0, allEx: 0 };

  add(hit: boolean, exempt: boolean): void {
    this.c.all++;
    if (hit) this.c.hit++;
    if (exempt) return;
    this.c.allEx++;
    if (hit) this.c.hitEx++;
  }

  counts(): InclExclCounts {
    return { ...this.c };
  }

  result(): IncludingExcluding {
    return inclExclFromCounts(this.c);
  }
}

/** Done on or before the due date, whether or not an exception lifted the limit. */
export const doneInTime = (m: Milestone): boolean => m.doneOn !== null && m.doneOn <= m.dueOn;
