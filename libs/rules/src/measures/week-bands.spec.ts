import { RULES } from '../testing/rules-fixture';
import { bandIndex, completedWeeks, weekBands } from './week-bands';

describe('week bands', () => {
  const bounds = RULES.waits.bandsWeeks; // 0, 1, 2, 4, 12, 18, 52

  it('counts completed weeks: a week is only complete on its seventh day', () => {
    expect([0, 6, 7, 13, 14, 125, 126, 363, 364].map(completedWeeks)).toEqual([0, 0, 1, 1, 2, 17, 18, 51, 52]);
  });

  it('bands a histogram of completed weeks, every band present', () => {
    expect(weekBands(bounds, { 0: 1, 1: 2, 3: 1, 17: 1, 18: 2, 51: 1, 52: 3, 60: 1 })).toEqual({
      '0-1': 1,
      '1-2': 2,
      '2-4': 1,
      '4-12': 0,
      '12-18': 1,
      '18-52': 3,
      '52+': 4,
    });
    expect(Object.values(weekBands(bounds, {}))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('puts a value on a bound in the band it opens', () => {
    expect([0, 1, 3, 4, 11, 12, 52, 500].map((w) => bandIndex(bounds, w))).toEqual([0, 1, 2, 3, 3, 4, 6, 6]);
  });
});
