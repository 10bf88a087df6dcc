import { controlCharacterIn, fieldName, findControlCharacters } from './control-characters';
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
