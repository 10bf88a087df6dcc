// One description of a table gives both its HTML (caption, scoped headers, sort buttons, a row
// filter, a CSV link) and its CSV, so the download holds exactly the rows the page shows.
import { csvLine, escapeHtml, type CsvCell } from '@app/compliance';

export type ColumnType = 'text' | 'number' | 'date';

// The row functions are written as methods, which TypeScript checks bivariantly: a page's tables of
// different rows then fit one list, TableSpec<unknown>[], and each is only ever given its own rows.
export interface Column<R> {
  key: string;
  label: string;
  type?: ColumnType;
  /** The CSV value (ISO dates, plain numbers). */
  value(row: R): CsvCell;
  /** What the cell reads as, when not the value itself (also what the row filter searches). */
  text?(row: R): string;
  /** The cell's HTML, escaped by the caller; defaults to the escaped text. */
  html?(row: R): string;
  /** The first column is a row header (<th scope="row">) unless false. */
  rowHeader?: boolean;
}

export interface TableSpec<R> {
  id: string;
  caption: string;
  columns: Column<R>[];
  rows: R[];
  /** Shown instead of an empty table. */
  empty: string;
  /** Sentence under the caption (what the rows are, as of when). */
  note?: string;
}

export interface TableView {
  /** Client-side filter text (q), applied on the server too. */
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
}

const cellText = <R>(c: Column<R>, r: R): string => (c.text ? c.text(r) : String(c.value(r) ?? ''));
const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The rows a view shows: filtered by q over the cells' text, then sorted by a column. */
export function rowsShown<R>(spec: TableSpec<R>, view: TableView = {}): R[] {
  const needle = normalise(view.q ?? '');
  let rows = needle ? spec.rows.filter((r) => normalise(spec.columns.map((c) => cellText(c, r)).join('')).includes(needle)) : spec.rows;
  const column = spec.columns.find((c) => c.key === view.sort);
  if (column) {
    const key = (r: R) => column.value(r);
    const sign = view.dir === 'desc' ? -1 : 1;
    rows = [...rows].sort((a, b) => sign * compare(key(a), key(b), column.type ?? 'text'));
  }
  return rows;
}

function compare(a: CsvCell, b: CsvCell, type: ColumnType): number {
  if (type === 'number')
    return (
      (a === null || a === undefined || a === '' ? -Infinity : Number(a)) -
      (b === null || b === undefined || b === '' ? -Infinity : Number(b))
    );
  const x = String(a ?? '').toLowerCase();
  const y = String(b ?? '').toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function tableCsv<R>(spec: TableSpec<R>, view: TableView = {}): string {
  const lines = [
    csvLine(spec.columns.map((c) => c.key)),
    ...rowsShown(spec, view).map((r) => csvLine(spec.columns.map((c) => c.value(r)))),
  ];
  return lines.join('\r\n') + '\r\n';
}

function cell<R>(c: Column<R>, r: R, first: boolean): string {
  const html = c.html ? c.html(r) : escapeHtml(cellText(c, r));
  const raw = c.value(r);
  const sort = raw === null || raw === undefined ? '' : String(raw);
  const cls = c.type === 'number' ? ' class="num"' : c.type === 'date' ? ' class="date"' : '';
  const tag = first && c.rowHeader !== false ? 'th scope="row"' : 'td';
  return `<${tag}${cls} data-sort="${escapeHtml(c.type === 'text' || !c.type ? sort.toLowerCase() : sort)}">${html}</${tag.split(' ')[0]}>`;
}

/**
 * The table with its tools. `csvHref` is this page's URL with its filters and format=csv&table=id;
 * the script adds the row filter and sort to it as they change.
 */
export function renderTable<R>(spec: TableSpec<R>, csvHref: string, view: TableView = {}, headingLevel: 2 | 3 = 2): string {
  const rows = rowsShown(spec, view);
  const filterId = `${spec.id}-filter`;
  const head = spec.columns
    .map((c) => {
      const cls = c.type === 'number' ? ' class="num"' : '';
      const sorted = view.sort === c.key ? ` aria-sort="${view.dir === 'desc' ? 'descending' : 'ascending'}"` : '';
      return `<th scope="col"${cls} data-key="${escapeHtml(c.key)}" data-type="${c.type ?? 'text'}"${sorted}>${escapeHtml(c.label)}</th>`;
    })
    .join('');
  const body = rows.length
    ? rows.map((r) => `<tr data-row>${spec.columns.map((c, i) => cell(c, r, i === 0)).join('')}</tr>`).join('\n')
    : `<tr><td class="empty" colspan="${spec.columns.length}">${escapeHtml(spec.empty)}</td></tr>`;
  const h = `h${headingLevel}`;
  const filter =
    `<span hidden><label for="${escapeHtml(filterId)}">Filter these rows </label>` +
    `<input type="search" id="${escapeHtml(filterId)}" data-filter value="${escapeHtml(view.q ?? '')}" autocomplete="off"></span>`;
  const download =
    `<a href="${escapeHtml(csvHref)}" data-csv-link download>` +
    `Download as CSV<span class="visually-hidden">: ${escapeHtml(spec.caption)}</span></a>`;
  // The visible heading and the caption say the same: the caption names the table for screen readers.
  return `<div class="table-block" data-table id="${escapeHtml(spec.id)}-block">
<${h} class="table-heading" id="${escapeHtml(spec.id)}-heading">${escapeHtml(spec.caption)}</${h}>
${spec.note ? `<p class="hint">${escapeHtml(spec.note)}</p>` : ''}
<div class="table-tools">
  ${filter}
  ${download}
  <span class="secondary"><span data-shown>${rows.length}</span> of ${spec.rows.length} rows shown</span>
</div>
<p class="visually-hidden" aria-live="polite" data-status></p>
<div class="table-scroll">
<table id="${escapeHtml(spec.id)}">
<caption class="visually-hidden">${escapeHtml(spec.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>
</div>`;
}

/** This page's path with its query and format=csv&table=id (for the table's download link). */
export function csvHref(path: string, query: Record<string, string | undefined>, tableId: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && !['format', 'table'].includes(k)) params.set(k, v);
  params.set('format', 'csv');
  params.set('table', tableId);
  return `${path}?${params.toString()}`;
}
