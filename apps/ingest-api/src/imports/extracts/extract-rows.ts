// One row of an extract as contract events, by its profile: each mapped date column that holds a
// date is an event of that type on that date, with its fields from other columns (codes
// translated). Event ids are keyed hashes of the profile, the case, the event's place in the
// profile and its content: the same row twice gives the same ids, a corrected date a new one
// (and the import retracts the old one, see extract-import.service.ts).
import * as crypto from 'node:crypto';
import { daysInMonth, type Pathway } from '@app/rules';
import { childRefOf, identityKey } from '../sen2/child-ref';
import type { DateFormat, ImportProfile, ValueSource } from './import-profile';

export interface ExtractProblem {
  field: string;
  reason: string;
}

/** SHA-256 in hex: one-shot crypto.hash where node has it (20.12+), a Hash object per call otherwise. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

const prefixes = new Map<string, string>();

/** The prefix of every event id a profile makes: hex only, so it is safe in a LIKE pattern. */
export const profilePrefix = (profile: string): string => {
  let prefix = prefixes.get(profile);
  if (prefix === undefined) prefixes.set(profile, (prefix = `x${sha256Hex(profile).slice(0, 8)}-`));
  return prefix;
};

/** Each format as a pattern of year, month and day, in the order written. */
const DATE_PATTERNS: Record<DateFormat, { re: RegExp; order: ['y' | 'm' | 'd', 'y' | 'm' | 'd', 'y' | 'm' | 'd'] }> = {
  'yyyy-MM-dd': { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: ['y', 'm', 'd'] },
  'dd/MM/yyyy': { re: /^(\d{2})\/(\d{2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'd/M/yyyy': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'dd-MM-yyyy': { re: /^(\d{2})-(\d{2})-(\d{4})$/, order: ['d', 'm', 'y'] },
  'dd.MM.yyyy': { re: /^(\d{2})\.(\d{2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
};

/** A cell as an ISO date, or a problem naming the column: strict (31/02/2025 is no date, never 3 March). */
export function isoDate(cell: string, dateFormat: DateFormat, column: string): string | ExtractProblem {
  const { re, order } = DATE_PATTERNS[dateFormat];
  const m = re.exec(cell);
  if (m) {
    const part = (k: 'y' | 'm' | 'd') => Number(m[order.indexOf(k) + 1]);
    const [y, mo, d] = [part('y'), part('m'), part('d')];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) {
      // Already ISO (its pattern takes exactly 4, 2 and 2 digits): the cell is its own answer.
      if (dateFormat === 'yyyy-MM-dd') return cell;
      return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    }
  }
  // Worded only for a bad cell: built for every one, it cost more than the parse (1,100,000 dates a large extract).
  return { field: column, reason: `${JSON.stringify(cell)} is not a date in the form ${dateFormat}` };
}

function valueOf(source: ValueSource, row: Record<string, string>, key: string): string | undefined | ExtractProblem {
  if ('value' in source) return source.value;
  const cell = row[source.column]?.trim() ?? '';
  if (cell === '') return undefined;
  if (!source.codes) return cell;
  const code = source.codes[cell];
  if (code === undefined)
    return {
      field: source.column,
      reason: `${JSON.stringify(cell)} is not one of the codes the profile maps for ${key} (${Object.keys(source.codes).join(', ')})`,
    };
  return code;
}

/** The identifier a hashed child reference is derived from: shared with SEN2 for a UPN or ULN. */
function childKey(profile: ImportProfile, cell: string): string {
  const { kind } = profile.child;
  if (kind === 'upn') return identityKey({ upn: cell })!;
  if (kind === 'uln') return identityKey({ uln: cell })!;
  if (kind === 'nhs_number') return `nhs:${cell.replace(/\s+/g, '')}`;
  return `local:${profile.name}:${cell}`;
}

const isProblem = (v: unknown): v is ExtractProblem => typeof v === 'object' && v !== null && 'reason' in v;

/** The events of one row, or the problems that stop it; `secret` keys hashed child references. */
export function rowEvents(
  profile: ImportProfile,
  row: Record<string, string>,
  secret: string | undefined,
): { events: Record<string, unknown>[]; problems: ExtractProblem[] } {
  const problems: ExtractProblem[] = [];
  const need = (source: ValueSource, key: string): string | undefined => {
    const v = valueOf(source, row, key);
    if (isProblem(v)) problems.push(v);
    else if (v === undefined) problems.push({ field: 'column' in source ? source.column : key, reason: `the row has no ${key}` });
    else return v;
    return undefined;
  };
  const la = need(profile.la, 'la');
  const caseRef = need({ column: profile.caseRef.column }, 'case reference');
  const pathway = need(profile.pathway, 'pathway');
  const child = need({ column: profile.child.column }, 'child');
  if (problems.length || !la || !caseRef || !pathway || !child) return { events: [], problems };
  const childRef = profile.child.hash ? childRefOf(secret!, childKey(profile, child)) : child;
  const prefix = profilePrefix(profile.name);
  const events: Record<string, unknown>[] = [];
  profile.events.forEach((m, slot) => {
    const cell = row[m.date]?.trim() ?? '';
    if (cell === '') return;
    if (m.onlyFor && !m.onlyFor.includes(pathway as Pathway))
      return void problems.push({
        field: m.date,
        reason: `a ${pathway} row has no ${m.date} (that column is for ${m.onlyFor.join(', ')} rows)`,
      });
    const date = isoDate(cell, profile.dateFormat, m.date);
    if (isProblem(date)) return void problems.push(date);
    const fields: Record<string, unknown> = {};
    for (const [name, source] of Object.entries(m.fields ?? {})) {
      const v = valueOf(source, row, name);
      if (isProblem(v)) problems.push(v);
      else if (v !== undefined) fields[name] = name === 'reassessment' ? v === 'true' : v;
    }
    const content = [la, caseRef, pathway, slot, m.type, date, JSON.stringify(fields)].join('\u0000');
    const eventId = prefix + sha256Hex(content).slice(0, 32);
    events.push({ eventId, la, caseRef, childRef, pathway, type: m.type, date, ...fields });
  });
  return { events: problems.length ? [] : events, problems };
}
