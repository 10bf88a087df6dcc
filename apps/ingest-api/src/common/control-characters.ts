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

/** A field path as the API's messages write it: phaseTransfer.kind, trajectory[0].date, "odd\u0000key". */
export function fieldName(path: (string | number)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i ? `.${p}` : p) : `[${JSON.stringify(p)}]`))
    .join('');
}
