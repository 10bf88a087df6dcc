import type { CaseEvent } from '../contract';
import { evaluateCases } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { measure } from './accumulator';
import { AlternativeProvisionAccumulator } from './alternative-provision-measures';

let n = 0;
function placement(start: string, terms: Record<string, unknown>, later: [string, string, object?][] = []): CaseEvent[] {
  const i = ++n;
  const base = { la: '805', caseRef: `AP-${i}`, childRef: `C-${i}`, pathway: 'alternative_provision' };
  const first = {
    ...base,
    eventId: `AP-${i}-1`,
    type: 'placement_started',
    date: start,
    reason: 'suspension',
    commissionedBy: 'la',
    ...terms,
  };
  const rest = later.map(([type, date, fields], k) => ({ ...base, eventId: `AP-${i}-${k + 2}`, type, date, ...fields }));
  return [first, ...rest] as CaseEvent[];
}

describe('AlternativeProvisionAccumulator', () => {
  // As of 2026-04-06: placements from 2026-01-05 (13 weeks), 2026-02-16 (7 weeks), 2026-03-16 (3 weeks).
  const events = [
    ...placement('2026-01-05', { providerUrn: '900101', hoursPerWeek: 25 }),
    ...placement('2026-02-16', { providerUrn: '900101', hoursPerWeek: 15 }),
    ...placement('2026-03-16', { providerKind: 'tuition', hoursPerWeek: 10, reason: 'health_needs' }),
    ...placement('2026-01-05', { providerUrn: '900102', hoursPerWeek: 25 }, [
      ['placement_reviewed', '2026-02-09'],
      ['placement_ended', '2026-03-02', { reason: 'returned_to_school' }],
    ]),
  ];
  const r = measure(evaluateCases(events, '2026-04-06', RULES), new AlternativeProvisionAccumulator());

  it('counts open placements, part-time timetables and reviews overdue past 6 and 12 weeks', () => {
    expect(r.open).toBe(3);
    expect(r.partTime).toEqual({ count: 2, of: 3, percent: 66.7 });
    expect(r.unreviewedPastReview).toBe(2);
    expect(r.unreviewedPastLong).toBe(1);
    expect(r.meanHours).toBe(16.7);
    expect(r.medianWeeksInAp).toBe(7);
  });

  it('groups by provider (URN, or kind without one), reason and commissioner', () => {
    expect(Object.keys(r.byProvider)).toEqual(['900101', 'kind:tuition']);
    expect(r.byProvider['900101']).toMatchObject({ open: 2, unreviewedPastLong: 1 });
    expect(r.byReason).toMatchObject({ suspension: { open: 2 }, health_needs: { open: 1 } });
    expect(r.byCommissioner.la.open).toBe(3);
  });

  it('gives the time in AP of ended placements', () => {
    expect(r.ended).toBe(1);
    expect(r.medianWeeksInApEnded).toBe(8);
  });
});
