import {
  controlCharacterIn,
  fieldName,
  findControlCharacters,
  isPlainJsonBody,
  markPlainJsonBody,
  noteJsonText,
} from './control-characters';
import { CODE_PATTERN, REFERENCE_PATTERN } from './validators';

const CONTROLS = [...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)), '\u007f'];

describe('controlCharacterIn', () => {
  it('finds every C0 control character and DEL, and nothing else', () => {
    for (const c of CONTROLS) expect(controlCharacterIn(`AB${c}1`)).toMatch(/^U\+00[0-1][0-9A-F]$|^U\+007F$/);
    expect(controlCharacterIn('AB\u00001')).toBe('U+0000');
    expect(controlCharacterIn('EHC-2026/1: é £ 😀 \u0080')).toBeUndefined();
  });
});

describe('findControlCharacters', () => {
  it('names each string and key holding one, through arrays and objects', () => {
    const body = [{ caseRef: 'ok-1' }, { caseRef: 'AB1\u0000', phaseTransfer: { kind: 'x\ty' } }, { 'odd\u0001key': 1 }];
    expect(findControlCharacters(body).map((f) => [fieldName(f.path), f.char])).toEqual([
      ['[1].caseRef', 'U+0000'],
      ['[1].phaseTransfer.kind', 'U+0009'],
      ['[2]["odd\\u0001key"]', 'U+0001'],
    ]);
    expect(findControlCharacters({ trajectory: [{ date: '2026\n' }] }).map((f) => fieldName(f.path))).toEqual(['trajectory[0].date']);
    expect(findControlCharacters('x\u007f')).toEqual([{ path: [], char: 'U+007F' }]);
  });

  it('passes values without any, numbers and nulls', () => {
    expect(findControlCharacters({ la: '805', n: 1, none: null, list: ['a', true] })).toEqual([]);
  });

  it('walks a deeply nested body without overflowing the stack, and stops at the limit', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findControlCharacters(deep)).toHaveLength(1);
    expect(
      findControlCharacters(
        Array.from({ length: 500 }, () => '\u0000'),
        100,
      ),
    ).toHaveLength(100);
  });
});

describe('the reference and code patterns', () => {
  it('refuse every control character, wherever it is', () => {
    for (const c of CONTROLS) {
      for (const ref of [`${c}AB1`, `AB1${c}`, `A${c}B1`]) expect(REFERENCE_PATTERN.test(ref)).toBe(false);
      expect(CODE_PATTERN.test(`moved${c}`)).toBe(false);
    }
  });
});

describe('JSON bodies known to be plain (noteJsonText, markPlainJsonBody)', () => {
  /** A request as body-parser leaves it: `verify` sees the text, then the body is parsed. */
  const parsed = (buf: Buffer, text = buf.toString('utf8')) => {
    const req: { body?: unknown } = {};
    noteJsonText(req, undefined, buf);
    req.body = JSON.parse(text);
    markPlainJsonBody(req, undefined, () => undefined);
    return req.body;
  };

  it('marks a body whose text has no backslash and no DEL, and only such a body', () => {
    expect(isPlainJsonBody(parsed(Buffer.from('[{"caseRef":"EHC-1","n":1}]')))).toBe(true);
    expect(isPlainJsonBody(parsed(Buffer.from('[{"caseRef":"EHC\\u00001"}]')))).toBe(false);
    expect(isPlainJsonBody(parsed(Buffer.from('{"caseRef":"EHC\\\\1"}')))).toBe(false);
    expect(isPlainJsonBody(parsed(Buffer.from('{"caseRef":"EHC\u007f1"}')))).toBe(false);
    const utf16 = '["a\\n"]';
    expect(isPlainJsonBody(parsed(Buffer.from(utf16, 'utf16le'), utf16))).toBe(false);
    expect(isPlainJsonBody(parsed(Buffer.from('"text"')))).toBe(false);
    expect(isPlainJsonBody({ caseRef: 'EHC-1' })).toBe(false);
  });

  it('never marks a body that holds a control character: JSON carries each escaped, or DEL raw', () => {
    for (let code = 0; code < 0x20; code++) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        const text = JSON.stringify([{ caseRef: `EHC${String.fromCharCode(code)}1` }]);
        const body = parsed(Buffer.from(text, encoding), text);
        expect(findControlCharacters(body)).toHaveLength(1);
        expect(isPlainJsonBody(body)).toBe(false);
      }
    }
    const del = JSON.stringify({ [`k\u007f`]: 'v' });
    expect(isPlainJsonBody(parsed(Buffer.from(del), del))).toBe(false);
  });
});
