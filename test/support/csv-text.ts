import { parse } from 'csv-parse/sync';

/** Parses CSV (RFC 4180: quoted fields, doubled quotes, CRLF) into rows of cells, with csv-parse. */
export function parseCsvText(text: string): string[][] {
  return parse(text, { relax_column_count: true }) as string[][];
}
