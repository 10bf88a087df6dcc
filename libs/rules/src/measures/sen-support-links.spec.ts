import type { CaseEvent } from '../contract';
import { evaluateCases } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { measure } from './accumulator';
import { SenSupportLinksAccumulator } from './sen-support-links';

const ev = (child: string, caseRef: string, pathway: string, type: string, date: string, fields: object = {}): CaseEvent =>
  ({ eventId: `${caseRef}-${type}-${date}`, la: '805', caseRef, childRef: child, pathway, type, date, ...fields }) as CaseEvent;
const support = (child: string, date: string) =>
  ev(child, `SS-${child}`, 'sen_support', 'support_started', date, { schoolUrn: '900001', needCode: 'SLCN' });

describe('SenSupportLinksAccumulator', () => {
  const events = [
    // C-1: support from 2025-01-06, EHC request 2025-07-07 (26 weeks later), also waiting for SLT since 2025-10-06.
    support('C-1', '2025-01-06'),
    ev('C-1', 'EHC-1', 'ehc_assessment', 'request_received', '2025-07-07'),
    ev('C-1', 'SLT-1', 'slt', 'referral_received', '2025-10-06'),
    // C-2: support started after its request: not preceded. Waiting for ND since 2025-11-03 and SLT seen.
    support('C-2', '2025-08-04'),
    ev('C-2', 'EHC-2', 'ehc_assessment', 'request_received', '2025-07-07'),
    ev('C-2', 'ND-2', 'neurodevelopmental', 'referral_received', '2025-11-03'),
    ev('C-2', 'SLT-2', 'slt', 'referral_received', '2025-05-05'),
    ev('C-2', 'SLT-2', 'slt', 'first_contact', '2025-06-02'),
    // C-3: a request with no support at all; C-4 waits for SLT but is not at SEN support.
    ev('C-3', 'EHC-3', 'ehc_assessment', 'request_received', '2025-09-01'),
    ev('C-4', 'SLT-4', 'slt', 'referral_received', '2025-10-06'),
  ];
  const r = measure(evaluateCases(events, '2026-01-05', RULES), new SenSupportLinksAccumulator());

  it('gives the share of EHC requests preceded by SEN support and the time from its start', () => {
    expect(r.ehcRequests).toBe(3);
    expect(r.precededBySupport).toEqual({ count: 1, of: 3, percent: 33.3 });
    expect(r.medianWeeksSupportToRequest).toBe(26);
  });

  it('finds children at SEN support also waiting, by list, and how long they have waited', () => {
    expect(r.waiting.slt).toEqual({ children: 1, medianWeeksWaited: 13 });
    expect(r.waiting.neurodevelopmental).toEqual({ children: 1, medianWeeksWaited: 9 });
    expect(r.waiting.either).toBe(2);
  });

  it('counts only the requests of the period when one is given', () => {
    const inAutumn = measure(
      evaluateCases(events, '2026-01-05', RULES),
      new SenSupportLinksAccumulator({ from: '2025-08-01', to: '2025-12-31' }),
    );
    expect(inAutumn.ehcRequests).toBe(1);
    expect(inAutumn.precededBySupport.count).toBe(0);
  });
});
