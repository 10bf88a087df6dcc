import { toCaseEvent, toStoredEvent } from './stored-event';

describe('stored events', () => {
  const event = {
    eventId: 'MIS-1',
    la: '805',
    caseRef: 'EHC-2026-0001',
    childRef: 'C-00042',
    pathway: 'ehc_assessment',
    type: 'exception',
    date: '2026-03-02',
    reason: 'absent_from_area',
    until: '2026-04-10',
    service: undefined,
  };

  it('keeps the envelope as columns and the type’s own fields, without undefined ones, as the payload', () => {
    expect(toStoredEvent(event)).toEqual({
      eventId: 'MIS-1',
      la: '805',
      caseRef: 'EHC-2026-0001',
      childRef: 'C-00042',
      pathway: 'ehc_assessment',
      type: 'exception',
      date: '2026-03-02',
      payload: { reason: 'absent_from_area', until: '2026-04-10' },
      retractsEventId: null,
    });
  });

  it('gives the contract event back, a retract keeping its target in the payload', () => {
    const { service: _absent, ...defined } = event;
    expect(toCaseEvent(toStoredEvent(event))).toStrictEqual(defined);
    const { reason: _r, until: _u, ...envelope } = defined;
    const retract = { ...envelope, eventId: 'MIS-2', type: 'retract', retractsEventId: 'MIS-1' };
    const stored = toStoredEvent(retract);
    expect(stored.retractsEventId).toBe('MIS-1');
    expect(toCaseEvent(stored)).toStrictEqual(retract);
  });
});
