import { IngestRejectedError, type RecordError } from './ingest-error';

const conflict = (index: number): RecordError => ({
  index,
  eventId: `E-${index}`,
  field: 'eventId',
  reason: 'already stored with different content (date)',
  conflictingFields: ['date'],
});
const bad = (index: number, field = 'date'): RecordError => ({ index, field, reason: 'bad' });

describe('IngestRejectedError.status', () => {
  it('is 409 when every refused record conflicts with a stored event', () => {
    expect(new IngestRejectedError([conflict(0), conflict(4)], 5).status).toBe(409);
  });

  it('stays 409 when a conflicting record also breaks a rule that follows from the same change', () => {
    expect(new IngestRejectedError([conflict(2), bad(2, 'childRef')], 3).status).toBe(409);
  });

  it('is 422 as soon as another record is bad, or the file itself (index -1)', () => {
    expect(new IngestRejectedError([conflict(0), bad(1)], 2).status).toBe(422);
    expect(new IngestRejectedError([bad(-1, 'childName'), conflict(0)], 1).status).toBe(422);
    expect(new IngestRejectedError([bad(0)], 1).status).toBe(422);
  });
});
