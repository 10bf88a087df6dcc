// A projection's answer in plain words, as the API, the pages and the summary say it.
import type { ForecastProblem, Projection } from '@app/rules';
import { longDate } from '../summaries/format-figure';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "At this rate the target is met on 3 March 2027" / "Not met by 31 March 2027: 7 more contacts a week needed from 1 December 2026". */
export function answerInWords(p: Projection): string {
  const a = p.answer;
  if (a.status === 'met') return `At this rate the target is met on ${longDate(a.on)}`;
  const by = `Not met by ${longDate(a.by)}`;
  if (a.extraPerWeek === null) return `${by}: more contacts a week alone cannot meet it`;
  return `${by}: ${plural(a.extraPerWeek, 'more contact', 'more contacts')} a week needed from ${longDate(a.from)}`;
}

/** A data problem in words, as the answer when there is no projection. */
export const problemInWords = (p: ForecastProblem): string =>
  p.kind === 'not_enough_data' ? `Not projected: ${p.why}` : `${p.field} ${p.why}`;
