import { findControlCharacters } from '../common/control-characters';
import { auditable } from './auditable';

describe('auditable', () => {
  it('keeps an entry of references and codes as it is', () => {
    const entry = { action: 'case.read', la: '805', caseRef: 'EHC-2026-1', method: 'GET', path: '/v1/cases/:la/:caseRef', status: 200 };
    expect(auditable({ ...entry, detail: { items: 2 } })).toEqual({ ...entry, system: undefined, detail: { items: 2 } });
  });

  it('records no case reference that is not one (a NUL, a name), and says one was refused', () => {
    for (const caseRef of ['X1\u0000', 'Jane Smith', 'AB1\n', 'x'.repeat(65)]) {
      expect(auditable({ action: 'access.denied', caseRef, status: 403 })).toMatchObject({
        caseRef: null,
        detail: { caseRef: 'not a reference (not recorded)' },
      });
    }
  });

  it('drops an LA that is not a code, and writes out control characters in the other strings', () => {
    const e = auditable({ action: 'a\u0000b', la: '805\u0000', method: 'GET', path: '/x\u007f', detail: { 'k\u0001': 'v\u0000', n: 1 } });
    expect(e).toMatchObject({ action: 'a\\u0000b', la: null, path: '/x\\u007f', detail: { 'k\\u0001': 'v\\u0000', n: 1 } });
    expect(findControlCharacters(e)).toEqual([]);
  });
});
