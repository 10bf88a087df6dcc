// Which rules a figure was computed with. The edition names a change in how a rule behaves (code,
// not only a number in config/rules.json); bump it, with a line in docs/rules.md ("Editions of the
// rules"), whenever a rule's reading changes. The version a snapshot records joins the edition,
// the table's own version and a hash of its values, so a change of either is seen.
import type { RulesTable } from './rules-table.schema';

export const RULES_EDITION = '2026-11-30';

/** What the edition changed, in a sentence a leader can read. */
export const RULES_EDITION_CHANGE =
  'exceptions, missed appointments, phase transfers and under-5 reviews are now read as the regulations say';

/** FNV-1a, 32 bits: enough to tell two tables apart, and pure (no crypto module in the rules library). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Tables are parsed once and never changed: each one's version is worked out once (every snapshot row carries it). */
const versions = new WeakMap<RulesTable, string>();

export function rulesVersion(rules: RulesTable): string {
  let v = versions.get(rules);
  if (v === undefined) versions.set(rules, (v = `${RULES_EDITION}+${rules.version}+${fnv1a(JSON.stringify(rules))}`));
  return v;
}
