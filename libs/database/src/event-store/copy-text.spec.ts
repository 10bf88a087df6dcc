import { copyLine } from './copy-text';
import { stageLine } from './staging-session';

describe('copyLine', () => {
  it('writes tab-separated values with \\N for null', () => {
    expect(copyLine([1, 'a', null, undefined])).toBe('1\ta\t\\N\t\\N\n');
  });

  it('escapes backslashes, tabs and newlines so values cannot break the row', () => {
    expect(copyLine(['a\\b', 'c\td', 'e\nf\r'])).toBe('a\\\\b\tc\\td\te\\nf\\r\n');
  });
});

describe('stageLine', () => {
  it('writes a staged event as copyLine writes its values', () => {
    const event = {
      eventId: 'E-1\t2',
      la: '805',
      caseRef: 'C\\1',
      childRef: 'K-1',
      pathway: 'ehc_assessment' as const,
      type: 'request_received',
      date: '2026-01-05',
      payload: { note: 'a\nb', n: 2 },
      retractsEventId: null,
    };
    const values = [7, event.eventId, event.la, event.caseRef, event.childRef, event.pathway, event.type, event.date];
    expect(stageLine(7, event)).toBe(copyLine([...values, JSON.stringify(event.payload), null]));
    expect(stageLine(8, { ...event, retractsEventId: 'R-1' })).toBe(
      copyLine([8, ...values.slice(1), JSON.stringify(event.payload), 'R-1']),
    );
  });
});
