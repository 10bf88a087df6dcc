import type { RecordError } from '@app/database';
// Control characters in what a request carries. No field of the API holds one (references, codes,
// dates, emails, filters), and PostgreSQL text cannot hold NUL at all: one that reached a query
// or the audit trail answered 500. So every path parameter, query value and body string (and key)
// is checked once, at the edge, by NoControlCharactersPipe.

/** Where a control character was found: the path of keys and indexes from the value checked. */
export interface ControlCharacterFound {
  path: (string | number)[];
  /** The first one in that string, as U+XXXX. */
  char: string;
}

/** The first C0 control character or DEL in `s`, as U+XXXX (a loop: ESLint refuses control-character regexes). */
export function controlCharacterIn(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

/** A step of the walk: its key, and the step it came from (so no path is copied until one is needed). */
interface Step {
  key: string | number;
  parent?: Step;
}

function pathOf(step: Step | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let s = step; s; s = s.parent) path.push(s.key);
  return path.reverse();
}

/**
 * Every string and object key holding a control character, depth first, at most `limit`. Walks
 * with its own stack, so a deeply nested body cannot overflow the call stack.
 */
export function findControlCharacters(value: unknown, limit = 100): ControlCharacterFound[] {
  const found: ControlCharacterFound[] = [];
  const stack: { value: unknown; at?: Step }[] = [{ value }];
  while (stack.length && found.length < limit) {
    const { value: v, at } = stack.pop()!;
    if (typeof v === 'string') {
      const char = controlCharacterIn(v);
      if (char) found.push({ path: pathOf(at), char });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], at: { key: i, parent: at } });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const step = { key, parent: at };
        const char = controlCharacterIn(key);
        if (char) found.push({ path: pathOf(step), char });
        else stack.push({ value: child, at: step });
      }
    }
  }
  return found;
}

/** The refusal of a control character in a field, as every answer words it. */
export const controlCharacterReason = (field: string, f: ControlCharacterFound) =>
  `${field} must not contain control characters (${f.char})`;

/**
 * The control characters of a batch's records (the first at index `from`), as the record errors
 * of a 422: index, field, reason. At most `limit` of them.
 */
export function recordControlErrors(records: readonly unknown[], from: number, limit = 100): RecordError[] {
  const errors: RecordError[] = [];
  for (let k = 0; k < records.length && errors.length < limit; k++) {
    for (const f of findControlCharacters(records[k], limit - errors.length)) {
      const field = fieldName(f.path) || '(record)';
      errors.push({ index: from + k, field, reason: controlCharacterReason(field, f) });
    }
  }
  return errors;
}

/** A field path as the API's messages write it: phaseTransfer.kind, trajectory[0].date, "odd\u0000key". */
export function fieldName(path: (string | number)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i ? `.${p}` : p) : `[${JSON.stringify(p)}]`))
    .join('');
}

/**
 * JSON bodies known to hold no control character without a walk. JSON carries one in a string or
 * key only escaped (a backslash: raw U+0000 to U+001F are not JSON) or as a raw DEL, so a body
 * whose bytes hold neither a 0x5C nor a 0x7F cannot (in UTF-8 and in UTF-16 alike: those bytes
 * are part of every backslash and DEL). Walking a batch of 10,000 events cost about 7 ms a request.
 */
const plainJsonBodies = new WeakSet<object>();
const JSON_TEXT_PLAIN = Symbol('jsonTextPlain');

/** body-parser's `verify`: notes on the request whether its JSON text has no backslash or DEL byte. */
export function noteJsonText(req: object, _res: unknown, buf: Buffer): void {
  (req as { [JSON_TEXT_PLAIN]?: boolean })[JSON_TEXT_PLAIN] = buf.indexOf(0x5c) < 0 && buf.indexOf(0x7f) < 0;
}

/** Middleware after the JSON parser: a body parsed from such a text is known to be plain. */
export function markPlainJsonBody(req: { body?: unknown; [JSON_TEXT_PLAIN]?: boolean }, _res: unknown, next: () => void): void {
  if (req[JSON_TEXT_PLAIN] && req.body !== null && typeof req.body === 'object') plainJsonBodies.add(req.body);
  next();
}

/** Whether `value` is a JSON body known to hold no control character (see noteJsonText). */
export function isPlainJsonBody(value: unknown): boolean {
  return value !== null && typeof value === 'object' && plainJsonBodies.has(value);
}
