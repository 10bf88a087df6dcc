import { copyLine } from './copy-text';

describe('copyLine', () => {
  it('writes tab-separated values with \\N for null', () => {
    expect(copyLine([1, 'a', null, undefined])).toBe('1\ta\t\\N\t\\N\n');
  });

  it('escapes backslashes, tabs and newlines so values cannot break the row', () => {
    expect(copyLine(['a\\b', 'c\td', 'e\nf\r'])).toBe('a\\\\b\tc\\td\te\\nf\\r\n');
  });
});
