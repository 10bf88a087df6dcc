import { BadRequestException } from '@nestjs/common';
import { IngestRejectedError } from '../events/ingest-error';
import { NoControlCharactersPipe } from './no-control-characters.pipe';

const pipe = new NoControlCharactersPipe();
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('NoControlCharactersPipe', () => {
  it('passes what holds none, and never looks at custom arguments (the principal)', () => {
    const body = [{ caseRef: 'EHC-1', n: 1 }];
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform({ label: 'a\u0000' }, { type: 'custom' })).toEqual({ label: 'a\u0000' });
  });

  it('refuses a path parameter or query value with 400 naming the field', () => {
    const e = thrown(() => pipe.transform({ la: '805', caseRef: 'X1\u0000' }, { type: 'param' }));
    expect(e).toBeInstanceOf(BadRequestException);
    expect((e as BadRequestException).getResponse()).toMatchObject({ message: ['caseRef must not contain control characters (U+0000)'] });
    const named = thrown(() => pipe.transform('/x\t', { type: 'query', data: 'next' }));
    expect((named as BadRequestException).getResponse()).toMatchObject({ message: ['next must not contain control characters (U+0009)'] });
  });

  it('refuses a body with 422 naming each record and field, as POST /v1/events does', () => {
    const e = thrown(() =>
      pipe.transform([{ caseRef: 'ok-1' }, { caseRef: 'AB1\u0000', phaseTransfer: { kind: '\u007f' } }], { type: 'body' }),
    );
    expect(e).toBeInstanceOf(IngestRejectedError);
    expect((e as IngestRejectedError).errors).toEqual([
      { index: 1, field: 'caseRef', reason: 'caseRef must not contain control characters (U+0000)' },
      { index: 1, field: 'phaseTransfer.kind', reason: 'phaseTransfer.kind must not contain control characters (U+007F)' },
    ]);
    const one = thrown(() => pipe.transform({ by: 'A1\u0000' }, { type: 'body' })) as IngestRejectedError;
    expect(one.errors).toEqual([{ index: 0, field: 'by', reason: 'by must not contain control characters (U+0000)' }]);
  });
});
