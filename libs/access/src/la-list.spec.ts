import { isLaCode, parseLaList } from './la-list';

describe('parseLaList', () => {
  it('reads one value, repeated values and comma-separated values, each code once', () => {
    expect(parseLaList('805')).toEqual({ codes: ['805'], malformed: [] });
    expect(parseLaList(['805', '806,807', '805'])).toEqual({ codes: ['805', '806', '807'], malformed: [] });
  });

  it('names no LA for an absent or wholly blank value', () => {
    expect(parseLaList(undefined)).toEqual({ codes: [], malformed: [] });
    expect(parseLaList('')).toEqual({ codes: [], malformed: [] });
    expect(parseLaList(['805', ''])).toEqual({ codes: ['805'], malformed: [] });
  });

  it('trims nothing: spaces, empty items and control characters make an item malformed', () => {
    expect(parseLaList('805, 201')).toEqual({ codes: ['805'], malformed: [' 201'] });
    expect(parseLaList('805,')).toEqual({ codes: ['805'], malformed: [''] });
    expect(parseLaList('805\n')).toEqual({ codes: [], malformed: ['805\n'] });
    expect(parseLaList('\u0000805')).toEqual({ codes: [], malformed: ['\u0000805'] });
    expect(parseLaList('８０５')).toEqual({ codes: [], malformed: ['８０５'] });
  });

  it('counts anything that is not a string as malformed', () => {
    expect(parseLaList(805)).toEqual({ codes: [], malformed: [805] });
    expect(parseLaList({ $ne: 1 })).toEqual({ codes: [], malformed: [{ $ne: 1 }] });
    expect(parseLaList(['805', ['806']])).toEqual({ codes: ['805'], malformed: [['806']] });
  });
});

describe('isLaCode', () => {
  it('is true for exactly three ASCII digits only', () => {
    expect(['805', '000'].every(isLaCode)).toBe(true);
    expect([' 805', '805 ', '80', '8050', '8o5', '805\n', 805, undefined].some(isLaCode)).toBe(false);
  });
});
