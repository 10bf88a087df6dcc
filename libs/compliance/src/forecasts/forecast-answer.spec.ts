import type { Projection } from '@app/rules';
import { answerInWords, problemInWords } from './forecast-answer';

const projection = (answer: Projection['answer']) => ({ answer }) as Projection;

describe('a projection answer in words', () => {
  it('says when the target is met, and when not what more a week meets it, with dates as people write them', () => {
    expect(answerInWords(projection({ status: 'met', on: '2027-03-03' }))).toBe('At this rate the target is met on 3 March 2027');
    const notMet = (extraPerWeek: number | null) =>
      answerInWords(projection({ status: 'not_met', by: '2027-03-31', reason: 'misses_target', extraPerWeek, from: '2026-12-01' }));
    expect(notMet(7)).toBe('Not met by 31 March 2027: 7 more contacts a week needed from 1 December 2026');
    expect(notMet(1)).toBe('Not met by 31 March 2027: 1 more contact a week needed from 1 December 2026');
    expect(notMet(null)).toBe('Not met by 31 March 2027: more contacts a week alone cannot meet it');
  });

  it('says a data problem plainly', () => {
    expect(
      problemInWords({
        kind: 'not_enough_data',
        field: 'window',
        have: 3,
        need: 8,
        unit: 'weeks',
        why: 'not enough data (3 weeks, need 8)',
      }),
    ).toBe('Not projected: not enough data (3 weeks, need 8)');
    expect(problemInWords({ kind: 'invalid', field: 'target.deadline', why: 'is required' })).toBe('target.deadline is required');
  });
});
