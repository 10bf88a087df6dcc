// PostgreSQL COPY text format: tab-separated, \N for null, backslash escapes.
const SPECIAL = /[\\\n\r\t]/;

/** One value as COPY text (escaped; a string, never null: see copyLine for \\N). */
export function copyText(value: string): string {
  // Most values (references, codes, dates) hold none: a test is cheaper than a replace with a callback.
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

export function copyLine(values: (string | number | null | undefined)[]): string {
  return values.map((v) => (v === null || v === undefined ? '\\N' : copyText(String(v)))).join('\t') + '\n';
}
