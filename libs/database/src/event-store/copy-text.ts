// PostgreSQL COPY text format: tab-separated, \N for null, backslash escapes.
function escape(value: string): string {
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

export function copyLine(values: (string | number | null | undefined)[]): string {
  return values.map((v) => (v === null || v === undefined ? '\\N' : escape(String(v)))).join('\t') + '\n';
}
