import type { CaseEvent } from '@app/rules';
import { parse } from 'csv-parse/sync';
import { csvHeader, csvRecordToRaw, eventToCsvLine } from './csv-columns';

describe('CSV form of the event contract', () => {
  const events: CaseEvent[] = [
    {
      eventId: 'E-10',
      la: '805',
      caseRef: 'SS-1',
      childRef: 'C-10',
      pathway: 'sen_support',
      type: 'support_started',
      date: '2026-01-05',
      schoolUrn: '012345',
      needCode: 'SLCN',
      ncYear: -1,
    },
    {
      eventId: 'E-11',
      la: '805',
      caseRef: 'AP-1',
      childRef: 'C-11',
      pathway: 'alternative_provision',
      type: 'placement_started',
      date: '2026-01-05',
      providerKind: 'tuition',
      hoursPerWeek: 12.5,
      reason: 'health_needs',
      commissionedBy: 'la',
    },
    {
      eventId: 'E-1',
      la: '805',
      caseRef: 'AR-1',
      childRef: 'C-1',
      pathway: 'annual_review',
      type: 'plan_active',
      date: '2026-01-05',
      planIssuedOn: '2025-01-05',
      phaseTransfer: { year: 2027, kind: 'school' },
    },
    {
      eventId: 'E-2',
      la: '805',
      caseRef: 'EHC-1',
      childRef: 'C-2',
      pathway: 'ehc_assessment',
      type: 'request_received',
      date: '2026-01-05',
      reassessment: true,
      needCode: 'ASD',
    },
    {
      eventId: 'E-4',
      la: '805',
      caseRef: 'EHC-1',
      childRef: 'C-2',
      pathway: 'ehc_assessment',
      type: 'final_plan_issued',
      date: '2026-05-04',
      parentAgreedSooner: true,
      exceptionReported: true,
    },
    {
      eventId: 'E-3',
      la: '805',
      caseRef: 'SLT-1',
      childRef: 'C-3',
      pathway: 'slt',
      type: 'referral_closed',
      date: '2026-01-05',
      reason: 'a,"quoted"',
    },
    {
      eventId: 'E-4',
      la: '805',
      caseRef: 'AR-2',
      childRef: 'C-4',
      pathway: 'annual_review',
      type: 'plan_active',
      date: '2026-01-05',
      planIssuedOn: '2025-09-01',
      phaseTransfer: { year: 2027, kind: 'post16_move', on: '2027-01-10' },
    },
  ];

  it('round-trips every field, nested and typed', () => {
    const text = csvHeader() + events.map(eventToCsvLine).join('');
    const records: Record<string, string>[] = parse(text, { columns: true });
    expect(records.map(csvRecordToRaw)).toEqual(events);
  });

  it('drops empty cells and keeps unknown columns for the validator to name', () => {
    expect(csvRecordToRaw({ eventId: 'E-1', needCode: '', childName: 'x' })).toEqual({ eventId: 'E-1', childName: 'x' });
  });
});
