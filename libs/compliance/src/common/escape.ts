// Escaping for everything this library renders from data: HTML (pages, mails) and CSV exports.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value passes through here: references and labels come from data. */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

export type CsvCell = string | number | null | undefined;

/** Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: CsvCell[]): string => cells.map(csvField).join(',');
