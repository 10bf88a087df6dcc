// A mapping profile: how one system's extract (one row per request, plan or referral, a column
// per date) becomes contract events. A profile is a JSON file under config/import-profiles/, so
// an LA's own system needs a file, not code. It is checked when loaded; an error names the key.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DIR } from '@app/config';
import { EVENT_TYPES, PATHWAYS, type Pathway } from '@app/rules';

export const PROFILES_DIR = join(CONFIG_DIR, 'import-profiles');

/** The date formats extracts use; a cell in any other form is an error naming the row and column. */
export const DATE_FORMATS = ['yyyy-MM-dd', 'dd/MM/yyyy', 'd/M/yyyy', 'dd-MM-yyyy', 'dd.MM.yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Where a value comes from: a column (its cell, translated by `codes` when given), or a fixed value. */
export type ValueSource = { column: string; codes?: Record<string, string> } | { value: string };

/**
 * What the child column holds, for a hashed reference: a UPN or ULN gives the same reference as
 * an SEN2 import of the same child, an NHS number the same across NHS extracts; `local` (a
 * system's own person id) is kept apart per profile.
 */
export const CHILD_ID_KINDS = ['upn', 'uln', 'nhs_number', 'local'] as const;
export type ChildIdKind = (typeof CHILD_ID_KINDS)[number];

export interface EventMapping {
  type: string;
  /** The column holding the event's date; an empty cell means the event has not happened. */
  date: string;
  /** Rows of these pathways only (a profile whose rows hold more than one); others leave the column empty. */
  onlyFor?: Pathway[];
  fields?: Record<string, ValueSource>;
}

export interface ImportProfile {
  name: string;
  description: string;
  /** The pathway of every row, or a column saying which (with codes mapping its cells to pathways). */
  pathway: ValueSource;
  dateFormat: DateFormat;
  la: ValueSource;
  caseRef: { column: string };
  /**
   * The child: `hash` true derives the reference with the deployment's keyed hash (for any
   * identifier a system uses: a person id, an NHS number); false uses the cell as it is (it must
   * already be a pseudonymous reference).
   */
  child: { column: string; hash: boolean; kind: ChildIdKind };
  events: EventMapping[];
  /** Columns that hold identifying data: never read, and allowed in the header. */
  ignore?: string[];
}

export class ProfileError extends Error {
  constructor(
    readonly profile: string,
    readonly key: string,
    reason: string,
  ) {
    super(`import profile ${profile}: ${key} ${reason}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueSource(profile: string, key: string, v: unknown): ValueSource {
  if (!isObject(v)) throw new ProfileError(profile, key, 'must be {"column": ...} or {"value": ...}');
  if (typeof v.value === 'string' && v.column === undefined) return { value: v.value };
  if (typeof v.column !== 'string' || !v.column)
    throw new ProfileError(profile, key, 'must name a column ("column") or give a value ("value")');
  if (v.codes !== undefined) {
    if (!isObject(v.codes) || Object.values(v.codes).some((c) => typeof c !== 'string'))
      throw new ProfileError(profile, `${key}.codes`, 'must map each cell text to a contract code (strings)');
    return { column: v.column, codes: v.codes as Record<string, string> };
  }
  return { column: v.column };
}

/** The profile from its JSON, or a ProfileError naming the first key that is wrong. */
export function parseProfile(name: string, json: unknown): ImportProfile {
  if (!isObject(json)) throw new ProfileError(name, '(file)', 'must be a JSON object');
  const allowed = ['$comment', 'name', 'description', 'pathway', 'dateFormat', 'la', 'caseRef', 'child', 'events', 'ignore'];
  for (const k of Object.keys(json))
    if (!allowed.includes(k)) throw new ProfileError(name, k, `is not a key of a profile (${allowed.slice(1).join(', ')})`);
  if (json.name !== name) throw new ProfileError(name, 'name', `must be the file's name, ${JSON.stringify(name)}`);
  if (typeof json.description !== 'string')
    throw new ProfileError(name, 'description', 'must say what system and extract the profile reads');
  if (!DATE_FORMATS.includes(json.dateFormat as DateFormat))
    throw new ProfileError(name, 'dateFormat', `must be one of ${DATE_FORMATS.join(', ')}`);
  const pathway = valueSource(name, 'pathway', json.pathway);
  const pathways = 'value' in pathway ? [pathway.value] : Object.values(pathway.codes ?? {});
  for (const p of pathways)
    if (!PATHWAYS.includes(p as Pathway))
      throw new ProfileError(name, 'pathway', `${JSON.stringify(p)} is not a pathway (${PATHWAYS.join(', ')})`);
  if (!('value' in pathway) && !pathway.codes) throw new ProfileError(name, 'pathway.codes', 'must map the column’s cells to pathways');
  if (!isObject(json.caseRef) || typeof json.caseRef.column !== 'string')
    throw new ProfileError(name, 'caseRef.column', 'must name the column of the case reference');
  if (!isObject(json.child) || typeof json.child.column !== 'string' || typeof json.child.hash !== 'boolean')
    throw new ProfileError(name, 'child', 'must be {"column": ..., "hash": true or false, "kind": ...}');
  const kind = json.child.kind ?? 'local';
  if (!CHILD_ID_KINDS.includes(kind as ChildIdKind))
    throw new ProfileError(name, 'child.kind', `must be one of ${CHILD_ID_KINDS.join(', ')}`);
  if (!Array.isArray(json.events) || json.events.length === 0) throw new ProfileError(name, 'events', 'must list at least one event');
  const events = json.events.map((e: unknown, i: number): EventMapping => {
    const key = `events[${i}]`;
    if (!isObject(e)) throw new ProfileError(name, key, 'must be an object');
    if (typeof e.date !== 'string' || !e.date) throw new ProfileError(name, `${key}.date`, 'must name the column of the event’s date');
    const onlyFor = e.onlyFor === undefined ? undefined : e.onlyFor;
    if (onlyFor !== undefined && (!Array.isArray(onlyFor) || onlyFor.some((p) => !pathways.includes(p as string))))
      throw new ProfileError(name, `${key}.onlyFor`, `must list pathways of this profile (${pathways.join(', ')})`);
    const applies = (onlyFor as string[] | undefined) ?? pathways;
    if (
      typeof e.type !== 'string' ||
      e.type === 'retract' ||
      !applies.every((p) => (EVENT_TYPES[p as Pathway] as readonly string[]).includes(e.type as string))
    )
      throw new ProfileError(name, `${key}.type`, `must be an event type of ${applies.join(' and ')} (not retract)`);
    const fields: Record<string, ValueSource> = {};
    if (e.fields !== undefined) {
      if (!isObject(e.fields)) throw new ProfileError(name, `${key}.fields`, 'must map field names to sources');
      for (const [f, v] of Object.entries(e.fields)) fields[f] = valueSource(name, `${key}.fields.${f}`, v);
    }
    return { type: e.type, date: e.date, fields, ...(onlyFor ? { onlyFor: onlyFor as Pathway[] } : {}) };
  });
  const ignore = json.ignore === undefined ? [] : json.ignore;
  if (!Array.isArray(ignore) || ignore.some((c) => typeof c !== 'string')) throw new ProfileError(name, 'ignore', 'must list column names');
  return {
    name,
    description: json.description,
    pathway,
    dateFormat: json.dateFormat as DateFormat,
    la: valueSource(name, 'la', json.la),
    caseRef: { column: json.caseRef.column },
    child: { column: json.child.column, hash: json.child.hash, kind: kind as ChildIdKind },
    events,
    ignore: ignore as string[],
  };
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9-]{0,40}$/;

/** The profiles shipped and added, by name. */
export function profileNames(dir = PROFILES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((n) => PROFILE_NAME.test(n))
    .sort();
}

export class UnknownProfileError extends Error {
  constructor(name: string, known: string[]) {
    super(`there is no import profile ${JSON.stringify(name)}; profiles: ${known.join(', ')}`);
  }
}

export function loadProfile(name: string, dir = PROFILES_DIR): ImportProfile {
  const known = profileNames(dir);
  if (!PROFILE_NAME.test(name) || !known.includes(name)) throw new UnknownProfileError(name, known);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  } catch (e) {
    throw new ProfileError(name, '(file)', `is not valid JSON: ${(e as Error).message}`);
  }
  return parseProfile(name, json);
}
