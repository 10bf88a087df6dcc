// csv-parse as the CSV readers use it (events CSV and extracts): rows as arrays of cells with their
// line number, the header row being the first. csv-parse's own `columns` and `info` options cost
// more than the parse itself on large files: each row became an object through
// Object.defineProperty per cell (a slow, dictionary-mode object) and each record a copy of the
// parser's whole info object. Here a row is its array and its line, read off the parser as it
// pushes; the reader maps cells to names once per file (see CsvHeader).
import { Parser } from 'csv-parse';

/** A row of cells and the file's line number where it ends (csv-parse's `info.lines`). */
export interface CsvRow {
  cells: string[];
  line: number;
}

/** Pushes each record with the line it ended on: what `info: true` gave, without copying info per row. */
class CsvRowParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ cells: record as string[], line: this.info.lines } satisfies CsvRow), encoding);
  }
}

/**
 * A streaming parser of CSV rows (see CsvRow). A row with the wrong number of cells is passed on
 * (relax_column_count) for the reader to report with CsvHeader.lengthProblem, in its place among
 * the rows; other malformed rows are skipped by csv-parse with a 'skip' event.
 */
export function csvRowParser(): Parser {
  return new CsvRowParser({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    relax_column_count: true,
  });
}

/** The header row of a file: column names by position, as csv-parse's `columns: true` named them. */
export class CsvHeader {
  /** Per position, the name its cell is kept under; null when a later column of the same name overrides it. */
  private readonly keys: (string | null)[];

  constructor(readonly names: string[]) {
    this.keys = names.map((name, i) => (names.indexOf(name, i + 1) === -1 ? name : null));
  }

  /**
   * The header's distinct names in the order of csv-parse's record object (Object.keys order):
   * what a reader checks the header by.
   */
  distinctNames(): string[] {
    return Object.keys(this.record(this.names));
  }

  /**
   * A row as an object by column name, as `columns: true` built it (the last of same-named
   * columns wins), with plain assignment: objects of one file share their shape.
   */
  record(cells: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === null) continue;
      if (key === '__proto__') Object.defineProperty(out, key, { value: cells[i], enumerable: true, writable: true, configurable: true });
      else out[key] = cells[i];
    }
    return out;
  }

  /**
   * Cells kept when not empty, by column name (an empty cell means the field is absent), in
   * column order: `record` then dropping empty values, in one pass.
   */
  presentCells(cells: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = cells[i];
      if (key === null || value === '' || value === undefined) continue;
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }

  /** The problem of a row whose cells do not match the header, worded as csv-parse words it; null if they match. */
  lengthProblem(row: CsvRow): { line: number; field: string; reason: string } | null {
    if (row.cells.length === this.names.length) return null;
    return {
      line: row.line,
      field: '(row)',
      reason: `Invalid Record Length: columns length is ${this.names.length}, got ${row.cells.length} on line ${row.line}`,
    };
  }
}
