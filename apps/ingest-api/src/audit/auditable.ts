// What the audit trail may hold of an entry. The entry is built from the request (a case
// reference from the path or body, an LA, the route), and a refused request is refused because
// those are wrong: a NUL that PostgreSQL cannot store made the refusal's own audit write fail
// (500, no row), and a "reference" that is really a name would have been kept as evidence.
import { isLaCode } from '@app/access';
import { controlCharacterIn } from '../common/control-characters';
import { REFERENCE_PATTERN } from '../common/validators';
import type { AuditEntry } from './audit-entry';

/** Control characters written out as text (\u0000), so the trail shows them and can store them. */
function visible(s: string): string {
  if (!controlCharacterIn(s)) return s;
  let out = '';
  for (const ch of s) out += controlCharacterIn(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch;
  return out;
}

const text = (s: string | null | undefined) => (typeof s === 'string' ? visible(s) : s);

/**
 * The entry with a case reference kept only if it is a reference (else null, and the detail
 * says one was refused), an LA only if it is a code, and control characters in every other
 * string (detail keys and values too) written out. Nothing else changes.
 */
export function auditable(e: AuditEntry): AuditEntry {
  const refOk = e.caseRef == null || REFERENCE_PATTERN.test(e.caseRef);
  const detail: AuditEntry['detail'] = {};
  for (const [k, v] of Object.entries(e.detail ?? {})) detail[visible(k)] = typeof v === 'string' ? visible(v) : v;
  if (!refOk) detail.caseRef = 'not a reference (not recorded)';
  return {
    ...e,
    system: text(e.system) ?? undefined,
    action: visible(e.action),
    la: e.la == null || isLaCode(e.la) ? e.la : null,
    caseRef: refOk ? e.caseRef : null,
    method: text(e.method),
    path: text(e.path),
    detail,
  };
}
