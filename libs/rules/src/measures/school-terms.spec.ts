import { RULES } from '../testing/rules-fixture';
import { termOf, termsUpTo } from './school-terms';

describe('school terms', () => {
  it.each([
    ['2025-09-01', '2025/26 autumn', '2025-09-01', '2025-12-31'],
    ['2025-12-31', '2025/26 autumn', '2025-09-01', '2025-12-31'],
    ['2026-01-01', '2025/26 spring', '2026-01-01', '2026-03-31'],
    ['2026-04-01', '2025/26 summer', '2026-04-01', '2026-08-31'],
    ['2026-08-31', '2025/26 summer', '2026-04-01', '2026-08-31'],
    ['2099-09-01', '2099/00 autumn', '2099-09-01', '2099-12-31'],
  ])('%s falls in %s (%s to %s)', (date, label, start, end) => {
    expect(termOf(date, RULES)).toMatchObject({ label, start, end });
  });

  it('lists terms back from a date, oldest first, without gaps', () => {
    const terms = termsUpTo('2026-02-10', 4, RULES);
    expect(terms.map((t) => t.label)).toEqual(['2024/25 spring', '2024/25 summer', '2025/26 autumn', '2025/26 spring']);
  });
});
