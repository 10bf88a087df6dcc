import 'reflect-metadata';
import { validateEventRecord, type ValidationContext } from './event-validator';

const ctx: ValidationContext = { knownLas: new Set(['805', '201']), today: '2026-11-22' };
const base = { eventId: 'E-1', la: '805', caseRef: 'EHC-1', childRef: 'C-1', date: '2026-01-05' };
const ap = { ...base, pathway: 'alternative_provision', type: 'placement_started' };
const fieldsOf = (raw: unknown) => (validateEventRecord(raw, 7, ctx).errors ?? []).map((e) => e.field).sort();

describe('validateEventRecord', () => {
  it.each([
    [{ ...base, pathway: 'ehc_assessment', type: 'request_received', needCode: 'SLCN', birthDate: '2015-03-01' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'request_received', reassessment: true }],
    [{ ...base, pathway: 'ehc_assessment', type: 'decision_to_assess', outcome: 'refuse' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'advice_requested', service: 'ep' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'school_closure', until: '2026-02-01' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'missed_appointment', service: 'ep' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'exceptional_personal_circumstances' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'decision_to_issue', outcome: 'not_issue' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'transferred_out' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'final_plan_issued' }],
    [{ ...base, pathway: 'ehc_assessment', type: 'final_plan_issued', parentAgreedSooner: true }],
    [{ ...base, pathway: 'annual_review', type: 'plan_active', planIssuedOn: '2025-01-05', phaseTransfer: { year: 2027, kind: 'post16' } }],
    [{ ...base, pathway: 'annual_review', type: 'review_decision', outcome: 'amend' }],
    [{ ...base, pathway: 'slt', type: 'first_contact' }],
    [{ ...base, pathway: 'slt', type: 'referral_closed', reason: 'moved_away' }],
    [{ ...base, pathway: 'neurodevelopmental', type: 'diagnosis_outcome', outcome: 'autism' }],
    [{ ...base, pathway: 'neurodevelopmental', type: 'retract', retractsEventId: 'E-0' }],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: '012345', needCode: 'SEMH', ncYear: 0 }],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: '100000', needCode: 'NSA' }],
    [{ ...base, pathway: 'sen_support', type: 'support_reviewed' }],
    [{ ...base, pathway: 'sen_support', type: 'need_changed', needCode: 'ASD' }],
    [{ ...base, pathway: 'sen_support', type: 'support_ended', reason: 'ehc_request' }],
    [{ ...base, pathway: 'sen_support', type: 'support_ended', reason: 'not_in_return' }],
    [{ ...ap, providerUrn: '140001', hoursPerWeek: 25, reason: 'permanent_exclusion', commissionedBy: 'la' }],
    [{ ...ap, providerKind: 'tuition', hoursPerWeek: 7.5, reason: 'health_needs', commissionedBy: 'school' }],
    [{ ...base, pathway: 'alternative_provision', type: 'placement_reviewed' }],
    [{ ...base, pathway: 'alternative_provision', type: 'placement_ended', reason: 'returned_to_school' }],
    [{ ...base, pathway: 'alternative_provision', type: 'retract', retractsEventId: 'E-0' }],
  ])('accepts %o', (raw) => {
    const result = validateEventRecord(raw, 0, ctx);
    expect(result.errors).toBeUndefined();
    expect(result.event).toMatchObject({ eventId: 'E-1', la: '805', pathway: raw.pathway, type: raw.type });
  });

  it('splits the envelope from the payload', () => {
    const { event } = validateEventRecord({ ...base, pathway: 'ehc_assessment', type: 'advice_received', service: 'slt' }, 0, ctx);
    expect(event).toEqual({
      eventId: 'E-1',
      la: '805',
      caseRef: 'EHC-1',
      childRef: 'C-1',
      pathway: 'ehc_assessment',
      type: 'advice_received',
      date: '2026-01-05',
      payload: { service: 'slt' },
      retractsEventId: null,
    });
  });

  it('names each bad field with the record index', () => {
    const result = validateEventRecord({ ...base, pathway: 'ehc_assessment', type: 'decision_to_assess' }, 7, ctx);
    expect(result.errors).toEqual([{ index: 7, eventId: 'E-1', field: 'outcome', reason: 'outcome must be one of assess, refuse' }]);
  });

  it.each([
    [{ ...base, pathway: 'ehc_assessment', type: 'first_contact' }, ['type']],
    [{ ...base, pathway: 'speech', type: 'first_contact' }, ['pathway']],
    [{ ...base, date: '2026-02-29', pathway: 'slt', type: 'first_contact' }, ['date']],
    [{ ...base, date: '05/01/2026', pathway: 'slt', type: 'first_contact' }, ['date']],
    [{ ...base, date: '2026-11-23', pathway: 'slt', type: 'first_contact' }, ['date']],
    [{ ...base, la: '999', pathway: 'slt', type: 'first_contact' }, ['la']],
    [{ ...base, la: 805, pathway: 'slt', type: 'first_contact' }, ['la']],
    [{ ...base, childRef: 'Jane Smith', pathway: 'slt', type: 'first_contact' }, ['childRef']],
    [{ ...base, childRef: 'Smith', pathway: 'slt', type: 'first_contact' }, ['childRef']],
    [{ ...base, pathway: 'slt', type: 'first_contact', notes: 'x' }, ['notes']],
    [{ ...base, pathway: 'slt', type: 'referral_closed', reason: 'Moved to live with Gran' }, ['reason']],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'holiday' }, ['reason']],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'absent_from_area', until: '2025-12-01' }, ['until']],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'missed_appointment' }, ['service']],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'missed_appointment', service: null }, ['service']],
    [{ ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'school_closure', service: 'dentist' }, ['service']],
    [{ ...base, pathway: 'ehc_assessment', type: 'request_received', birthDate: '2026-02-01' }, ['birthDate']],
    [
      { ...base, pathway: 'annual_review', type: 'plan_active', planIssuedOn: '2025-01-05', phaseTransfer: { year: 'next', kind: 'uni' } },
      ['phaseTransfer.kind', 'phaseTransfer.year'],
    ],
    [{ ...base, pathway: 'annual_review', type: 'plan_active', planIssuedOn: '2027-01-05' }, ['planIssuedOn']],
    [{ pathway: 'slt', type: 'first_contact' }, ['caseRef', 'childRef', 'date', 'eventId', 'la']],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: '12345', needCode: 'SEMH' }, ['schoolUrn']],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: 123456, needCode: 'SEMH' }, ['schoolUrn']],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: 'Oak Primary', needCode: 'SEMH' }, ['schoolUrn']],
    [{ ...base, pathway: 'sen_support', type: 'support_started', needCode: 'SEMH' }, ['schoolUrn']],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: '123456', needCode: 'XX', ncYear: 15 }, ['ncYear', 'needCode']],
    [{ ...base, pathway: 'sen_support', type: 'support_started', schoolUrn: '123456', needCode: 'MLD', ncYear: 2.5 }, ['ncYear']],
    [{ ...base, pathway: 'sen_support', type: 'need_changed' }, ['needCode']],
    [{ ...base, pathway: 'sen_support', type: 'support_ended', reason: 'moved_away' }, ['reason']],
    [{ ...base, pathway: 'sen_support', type: 'support_reviewed', schoolUrn: '123456' }, ['schoolUrn']],
    [{ ...base, pathway: 'sen_support', type: 'first_contact' }, ['type']],
    [{ ...ap, hoursPerWeek: 20, reason: 'suspension', commissionedBy: 'la' }, ['providerUrn']],
    [{ ...ap, providerUrn: '1400011', hoursPerWeek: 20, reason: 'suspension', commissionedBy: 'la' }, ['providerUrn']],
    [{ ...ap, providerKind: 'farm', hoursPerWeek: 20, reason: 'suspension', commissionedBy: 'la' }, ['providerKind']],
    [{ ...ap, providerKind: 'tuition', hoursPerWeek: 0, reason: 'suspension', commissionedBy: 'la' }, ['hoursPerWeek']],
    [{ ...ap, providerKind: 'tuition', hoursPerWeek: '25', reason: 'suspension', commissionedBy: 'la' }, ['hoursPerWeek']],
    [
      { ...ap, providerKind: 'tuition', hoursPerWeek: 60, reason: 'fun', commissionedBy: 'ofsted' },
      ['commissionedBy', 'hoursPerWeek', 'reason'],
    ],
    [{ ...base, pathway: 'alternative_provision', type: 'placement_ended', reason: 'Went back to Oak Primary' }, ['reason']],
  ])('refuses %o', (raw, fields) => {
    expect(fieldsOf(raw)).toEqual(fields);
  });

  it('asks for the service of a missed appointment by name (reg 8(2)(c))', () => {
    const raw = { ...base, pathway: 'ehc_assessment', type: 'exception', reason: 'missed_appointment' };
    expect(validateEventRecord(raw, 4, ctx).errors).toEqual([
      {
        index: 4,
        eventId: 'E-1',
        field: 'service',
        reason: expect.stringMatching(/^service is required on a missed_appointment exception .*: one of ep, slt/) as unknown,
      },
    ]);
  });

  it('names parentAgreedSooner when it is not a boolean, and refuses it on other event types', () => {
    const final = { ...base, pathway: 'ehc_assessment', type: 'final_plan_issued' };
    expect(validateEventRecord({ ...final, parentAgreedSooner: 'yes' }, 4, ctx).errors).toEqual([
      { index: 4, eventId: 'E-1', field: 'parentAgreedSooner', reason: 'parentAgreedSooner must be true or false' },
    ]);
    expect(fieldsOf({ ...base, pathway: 'ehc_assessment', type: 'draft_plan_issued', parentAgreedSooner: true })).toEqual([
      'parentAgreedSooner',
    ]);
  });

  it.each([[null], [42], ['text'], [[1, 2]]])('refuses a record that is not an object: %p', (raw) => {
    expect(validateEventRecord(raw, 3, ctx).errors).toEqual([{ index: 3, field: '(record)', reason: 'each record must be a JSON object' }]);
  });

  it.each([
    ['{"__proto__":{"x":1}}', '__proto__'],
    ['{"constructor":"x"}', 'constructor'],
    ['{"phaseTransfer":{"year":2027,"kind":"post16","__proto__":{}}}', 'phaseTransfer.__proto__'],
  ])('refuses the key in %s by name, as any field the event does not have', (extra, field) => {
    // JSON.parse makes these own keys; copied onto the DTO they once hid its rules ("field undefined").
    const planActive = { ...base, pathway: 'annual_review', type: 'plan_active', planIssuedOn: '2025-01-05' };
    const raw = JSON.parse(JSON.stringify(planActive).replace(/\}$/, `,${extra.slice(1, -1)}}`));
    expect(validateEventRecord(raw, 2, ctx).errors).toEqual([
      { index: 2, eventId: 'E-1', field, reason: `${field} is not a field of this event type` },
    ]);
  });
});

describe('phaseTransfer.on (reg 18(2): moves between post-16 institutions)', () => {
  const plan = (phaseTransfer: Record<string, unknown>) => ({
    ...base,
    pathway: 'annual_review',
    type: 'plan_active',
    planIssuedOn: '2025-01-05',
    phaseTransfer,
  });

  it('accepts a post16_move with its day, and a school transfer with or without one', () => {
    for (const t of [
      { year: 2027, kind: 'post16_move', on: '2027-01-10' },
      { year: 2027, kind: 'school', on: '2027-04-20' },
      { year: 2027, kind: 'school' },
    ]) {
      const result = validateEventRecord(plan(t), 0, ctx);
      expect(result.errors).toBeUndefined();
      expect(result.event).toMatchObject({ payload: { phaseTransfer: t } });
    }
  });

  it('refuses a post16_move without its day, and a day that is not a calendar date, naming the field', () => {
    expect(validateEventRecord(plan({ year: 2027, kind: 'post16_move' }), 4, ctx).errors).toEqual([
      {
        index: 4,
        eventId: 'E-1',
        field: 'phaseTransfer.on',
        reason: 'phaseTransfer.on must be a calendar date written YYYY-MM-DD (required when kind is post16_move)',
      },
    ]);
    expect(fieldsOf(plan({ year: 2027, kind: 'school', on: '2027-02-30' }))).toEqual(['phaseTransfer.on']);
  });
});
