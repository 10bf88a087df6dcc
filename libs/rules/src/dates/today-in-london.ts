// "Today" for callers that hold an instant: statutory dates are Europe/London calendar dates.
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import type { IsoDate } from '../contract';

const london = tz('Europe/London');

/** The Europe/London calendar date at instant `now` (00:30 BST on 29 March is already the 29th). */
export function todayInLondon(now: Date): IsoDate {
  return format(now, 'yyyy-MM-dd', { in: london });
}
