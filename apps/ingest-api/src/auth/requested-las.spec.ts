import { requestedLas } from './requested-las';

describe('requestedLas', () => {
  it('finds the LA in the path, the query and the body', () => {
    expect(requestedLas({ params: { la: '805' } }).codes).toEqual(['805']);
    expect(requestedLas({ query: { la: ['805', '807'] } }).codes).toEqual(['805', '807']);
    expect(requestedLas({ query: { las: '805,806' } }).codes).toEqual(['805', '806']);
    expect(requestedLas({ query: { la: '805,807' } }).codes).toEqual(['805', '807']);
    expect(requestedLas({ body: { la: '807', name: 'x' } }).codes).toEqual(['807']);
  });

  it('finds every LA of a batch, once each', () => {
    expect(requestedLas({ body: [{ la: '805' }, { la: '807' }, { la: '805' }, null, 'x', [{ la: '999' }]] }).codes).toEqual(['805', '807']);
  });

  it('names path and query fields holding anything but exact codes, trimming nothing', () => {
    // " 201" once passed here unchecked, and a validator that trimmed it ran the report for 201.
    expect(requestedLas({ query: { la: '805, 201' } })).toEqual({
      codes: ['805'],
      malformed: [{ field: 'la', reason: expect.stringMatching(/^la must be one or more three-digit/) }],
    });
    expect(requestedLas({ params: { la: '8o5' } }).malformed).toEqual([{ field: 'la', reason: expect.stringMatching(/^la must be/) }]);
    expect(requestedLas({ query: { la: { $ne: 1 } } }).malformed).toHaveLength(1);
    expect(requestedLas({ query: { las: '805,' } }).malformed).toEqual([{ field: 'las', reason: expect.stringMatching(/^las must/) }]);
  });

  it('leaves a malformed body code to the body’s validator (422 naming the record)', () => {
    expect(requestedLas({ body: { la: 805 } })).toEqual({ codes: [], malformed: [] });
    expect(requestedLas({ body: [{ la: ' 201' }] })).toEqual({ codes: [], malformed: [] });
  });
});
