import type { CaseEvent } from '../contract';
import { evaluateCases } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { measure } from './accumulator';
import { termsUpTo } from './school-terms';
import { SenSupportAccumulator } from './sen-support-measures';
import { senSupportTrends } from './sen-support-trends';

let n = 0;
function spell(school: string, need: string, start: string, end?: string): CaseEvent[] {
  const i = ++n;
  const base = { la: '805', caseRef: `SS-${i}`, childRef: `C-${i}`, pathway: 'sen_support' as const };
  const out: CaseEvent[] = [
    { ...base, eventId: `E-${i}-1`, type: 'support_started', date: start, schoolUrn: school, needCode: need } as CaseEvent,
  ];
  if (end) out.push({ ...base, eventId: `E-${i}-2`, type: 'support_ended', date: end, reason: 'needs_met' } as CaseEvent);
  return out;
}

describe('SenSupportAccumulator', () => {
  it('counts pupils on each term end by school and need, with the flows in and out of each term', () => {
    const events = [
      ...spell('900001', 'SLCN', '2025-09-15'),
      ...spell('900001', 'MLD', '2025-09-15', '2026-02-01'),
      ...spell('900002', 'SEMH', '2026-01-10'),
      ...spell('900002', 'SEMH', '2026-04-10'), // after the as-of date: not yet
    ];
    const asOf = '2026-03-01';
    const terms = termsUpTo(asOf, 2, RULES);
    const r = measure(evaluateCases(events, asOf, RULES), new SenSupportAccumulator(terms, asOf));
    const [autumn, spring] = r.terms;
    expect(autumn).toMatchObject({ countedOn: '2025-12-31', atSupport: 2, bySchool: { '900001': 2 }, started: 2, ended: 0 });
    expect(spring).toMatchObject({ countedOn: '2026-03-01', atSupport: 2, started: 1, ended: 1, endedByReason: { needs_met: 1 } });
    expect(spring.byNeed).toEqual({ SLCN: 1, SEMH: 1 });
    // Reviews: 16 weeks from 2025-09-15 ended 2026-01-05, none held: overdue; the January start is not yet due.
    expect(r.now.open).toBe(2);
    expect(r.now.reviewOverdue).toMatchObject({ count: 1, of: 2 });
    expect(r.now.reviewOverdueBySchool).toEqual({ '900001': 1 });
  });
});

describe('senSupportTrends', () => {
  // Seven terms: six of history and the tested one. School A steady near 40; school B planted with a
  // sharp rise from about 20 to 45; school C has none in the latest term.
  const asOf = '2026-07-15';
  const terms = termsUpTo(asOf, 7, RULES);
  const counts: Record<string, number[]> = {
    '900001': [40, 41, 39, 40, 42, 38, 41],
    '900002': [20, 21, 19, 20, 22, 20, 45],
    '900003': [3, 2, 3, 2, 3, 2, 0],
  };
  // Each pupil is at support for exactly one term (start on its first day, end the day after its last).
  const events: CaseEvent[] = [];
  for (const [school, series] of Object.entries(counts)) {
    series.forEach((count, t) => {
      const next = terms[t + 1]?.start;
      for (let k = 0; k < count; k++) events.push(...spell(school, t === 6 && school === '900002' ? 'SEMH' : 'SLCN', terms[t].start, next));
    });
  }
  const measures = measure(evaluateCases(events, asOf, RULES), new SenSupportAccumulator(terms, asOf));

  it('flags the planted sharp rise, not the steady school, with the numbers behind it', () => {
    const trends = senSupportTrends(measures.terms, RULES);
    expect(trends.schoolsMoved.map((s) => [s.schoolUrn, s.direction])).toEqual([['900002', 'rise']]);
    const b = trends.schoolsMoved[0];
    expect(b.counts).toEqual(counts['900002']);
    expect(b.expected).toBeCloseTo(20.333, 2);
    expect(b.upperP).toBeLessThan(0.005);
  });

  it('names schools with no pupil at SEN support in the latest term, and known schools never seen', () => {
    expect(senSupportTrends(measures.terms, RULES, ['900009']).schoolsWithNone).toEqual(['900003', '900009']);
  });

  it('finds the need that rose across schools', () => {
    const rising = senSupportTrends(measures.terms, RULES).needsRising;
    expect(rising.map((x) => x.needCode)).toEqual(['SEMH']);
  });

  it('tests nothing with less history than senSupport.trendMinHistoryTerms', () => {
    expect(senSupportTrends(measures.terms.slice(-3), RULES).schoolsMoved).toEqual([]);
  });
});
