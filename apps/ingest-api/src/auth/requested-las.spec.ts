import { requestedLas } from './requested-las';

describe('requestedLas', () => {
  it('finds the LA in the path, the query and the body', () => {
    expect(requestedLas({ params: { la: '805' } })).toEqual(['805']);
    expect(requestedLas({ query: { la: ['805', '807'] } })).toEqual(['805', '807']);
    expect(requestedLas({ query: { las: '805,806' } })).toEqual(['805', '806']);
    expect(requestedLas({ query: { la: '805,807' } })).toEqual(['805', '807']);
    expect(requestedLas({ body: { la: '807', name: 'x' } })).toEqual(['807']);
  });

  it('finds every LA of a batch, once each', () => {
    expect(requestedLas({ body: [{ la: '805' }, { la: '807' }, { la: '805' }, null, 'x', [{ la: '999' }]] })).toEqual(['805', '807']);
  });

  it('leaves malformed codes to validation', () => {
    expect(requestedLas({ params: { la: '8o5' }, query: { la: { $ne: 1 } }, body: { la: 805 } })).toEqual([]);
  });
});
