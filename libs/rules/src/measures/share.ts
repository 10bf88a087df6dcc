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

export class InclExclCounter {
  private hit = 0;
  private all = 0;
  private hitEx = 0;
  private allEx = 0;

  add(hit: boolean, exempt: boolean): void {
    this.all++;
    if (hit) this.hit++;
    if (exempt) return;
    this.allEx++;
    if (hit) this.hitEx++;
  }

  result(): IncludingExcluding {
    return { including: share(this.hit, this.all), excluding: share(this.hitEx, this.allEx) };
  }
}

/** Done on or before the due date, whether or not an exception lifted the limit. */
export const doneInTime = (m: Milestone): boolean => m.doneOn !== null && m.doneOn <= m.dueOn;
