// One description of a table gives both its view (views/macros/table.njk: caption, scoped headers,
// sort links, a filter, a CSV link, 50 rows a page) and its CSV, so the download holds exactly the rows the page lists.
import { csvLine, type CsvCell } from '@app/compliance';

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
  /** What the cell shows in a template (a link, a tag, a hint); defaults to the text. */
  cell?(row: R): Cell;
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
  /**
   * Set when `rows` are already the view's page, sorted and counted by the database (a list too long
   * to carry whole): they start at `offset` of `matching`. Only without a filter (q): a filtered view
   * is given the rows it may match (`narrowed`) or every row, as a CSV is.
   */
  paged?: { offset: number; matching: number };
  /**
   * Set when `rows` are only those the view's filter (q) may match, as the database chose them, out
   * of `total`: the filter still runs over them here, so the rows shown are the ones it would show.
   */
  narrowed?: { total: number };
}

export interface TableView {
  /** Filter text: rows whose cells contain it (all the page's tables). */
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  /** The page of rows (1-based, PAGE_SIZE a page). */
  page?: number;
  /** The table that sort, dir and page apply to; all of the page's tables when absent. */
  table?: string;
}

/** A cell as a template shows it: its text, as a link, a tag or in a fixed-width face, with a hint under it. */
export interface Cell {
  text: string;
  href?: string;
  /** A GOV.UK tag colour (the words carry the meaning; colour repeats it). */
  tag?: TagColour;
  /** Case and staff references: fixed width so they line up. */
  mono?: boolean;
  /** Secondary text under the cell's text. */
  hint?: string;
}

export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export const PAGE_SIZE = 50;

const cellText = <R>(c: Column<R>, r: R): string => (c.text ? c.text(r) : String(c.value(r) ?? ''));
const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** What a filter looks for: its words without case or runs of spaces ('' when none). */
export const filterNeedle = (q: string | undefined) => normalise(q ?? '');

/** Whether a cell's text holds the filter's needle. */
export const cellMatches = <R>(c: Column<R>, r: R, needle: string): boolean => normalise(cellText(c, r)).includes(needle);

/** The rows a view shows: those with a cell holding q's words, then sorted by a column. */
export function rowsShown<R>(spec: TableSpec<R>, view: TableView = {}): R[] {
  const needle = filterNeedle(view.q);
  let rows = needle ? spec.rows.filter((r) => spec.columns.some((c) => cellMatches(c, r, needle))) : spec.rows;
  const column = spec.columns.find((c) => c.key === view.sort);
  if (column) {
    const key = (r: R) => column.value(r);
    const sign = view.dir === 'desc' ? -1 : 1;
    rows = [...rows].sort((a, b) => sign * compareValues(key(a), key(b), column.type ?? 'text'));
  }
  return rows;
}

/** How a sorted column orders two values (a page sorted by the database ranks codes by the same rule). */
export function compareValues(a: CsvCell, b: CsvCell, type: ColumnType): number {
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
  if (spec.paged) throw new Error(`table ${spec.id}: a CSV holds every row, not a page of them`);
  const lines = [
    csvLine(spec.columns.map((c) => c.key)),
    ...rowsShown(spec, view).map((r) => csvLine(spec.columns.map((c) => c.value(r)))),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** Where a table sits: its page's path and the page's own filters (the LA, a team...), kept in every link. */
export interface TablePlace {
  path: string;
  query: Record<string, string | undefined>;
}

export interface ColumnModel {
  key: string;
  label: string;
  numeric: boolean;
  ariaSort: 'ascending' | 'descending' | 'none';
  /** The page sorted by this column (ascending, or descending when it already is ascending). */
  sortHref: string;
}

export interface CellModel {
  cell: Cell;
  /** A row header (<th scope="row">). */
  header: boolean;
  numeric: boolean;
}

/** A table as views/macros/table.njk draws it: one page of rows, with links that sort, filter and page on the server. */
export interface TableModel {
  id: string;
  caption: string;
  note?: string;
  headingLevel: 2 | 3;
  empty: string;
  columns: ColumnModel[];
  rows: { cells: CellModel[] }[];
  /** Rows before the filter, and after it. */
  total: number;
  matching: number;
  /** The rows on this page, 1-based (0 and 0 when none). */
  from: number;
  to: number;
  q?: string;
  csvHref: string;
  /** The filter form's action and the hidden fields that keep the page's other choices. */
  filter: { action: string; hidden: { name: string; value: string }[] };
  /** govukPagination's params, when there is more than one page. */
  pagination?: { previous?: { href: string }; next?: { href: string }; items: PaginationItem[] };
}

type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };

/** The view a table follows: sort, direction, filter and page apply to the table named, or to all when none is. */
export function viewFor(id: string, view: TableView): TableView {
  return view.table === undefined || view.table === id ? view : {};
}

const href = (place: TablePlace, id: string, state: TableView): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(place.query)) if (v !== undefined && v !== '') params.set(k, v);
  params.set('table', id);
  if (state.q) params.set('q', state.q);
  if (state.sort) params.set('sort', state.sort);
  if (state.dir) params.set('dir', state.dir);
  if (state.page && state.page > 1) params.set('page', String(state.page));
  return `${place.path}?${params.toString()}#${id}-heading`;
};

/** Page numbers to offer: the first, the last, and the current one with its neighbours; gaps as ellipses. */
export function pageNumbers(current: number, last: number): (number | null)[] {
  const wanted = [...new Set([1, current - 1, current, current + 1, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of wanted) {
    const prev = out[out.length - 1];
    if (typeof prev === 'number' && n - prev > 1) out.push(null);
    out.push(n);
  }
  return out;
}

const cellOf = <R>(c: Column<R>, r: R): Cell => (c.cell ? c.cell(r) : { text: cellText(c, r) });

/** The page a view asks for, within the pages `matching` rows fill (the last when it asks beyond). */
export function pageOf(view: TableView, matching: number): { page: number; last: number; offset: number } {
  const last = Math.max(1, Math.ceil(matching / PAGE_SIZE));
  const page = Math.min(Math.max(1, view.page ?? 1), last);
  return { page, last, offset: (page - 1) * PAGE_SIZE };
}

/** The rows on the view's page and how many match it: cut here, or as the database gave them. */
function shownRows<R>(spec: TableSpec<R>, view: TableView): { shown: R[]; matching: number; page: number; last: number } {
  if (spec.paged) {
    const { page, last } = pageOf({ page: spec.paged.offset / PAGE_SIZE + 1 }, spec.paged.matching);
    return { shown: spec.rows.slice(0, PAGE_SIZE), matching: spec.paged.matching, page, last };
  }
  const matching = rowsShown(spec, view);
  const { page, last, offset } = pageOf(view, matching.length);
  return { shown: matching.slice(offset, offset + PAGE_SIZE), matching: matching.length, page, last };
}

export function tableModel<R>(spec: TableSpec<R>, place: TablePlace, pageView: TableView = {}, headingLevel: 2 | 3 = 2): TableModel {
  const view = viewFor(spec.id, pageView);
  const { shown, matching, page, last } = shownRows(spec, view);
  const at = (p: number) => href(place, spec.id, { ...view, page: p });
  const hidden = Object.entries({ ...place.query, table: spec.id, sort: view.sort, dir: view.dir })
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([name, value]) => ({ name, value }));
  const csvParams = new URLSearchParams();
  for (const { name, value } of hidden) csvParams.set(name, value);
  if (view.q) csvParams.set('q', view.q);
  csvParams.set('format', 'csv');
  return {
    id: spec.id,
    caption: spec.caption,
    note: spec.note,
    headingLevel,
    empty: spec.empty,
    columns: spec.columns.map((c) => {
      const sorted = view.sort === c.key;
      const ariaSort = sorted ? (view.dir === 'desc' ? 'descending' : 'ascending') : 'none';
      return {
        key: c.key,
        label: c.label,
        numeric: c.type === 'number',
        ariaSort,
        sortHref: href(place, spec.id, { q: view.q, sort: c.key, dir: ariaSort === 'ascending' ? 'desc' : 'asc' }),
      };
    }),
    rows: shown.map((r) => ({
      cells: spec.columns.map((c, i) => ({ cell: cellOf(c, r), header: i === 0 && c.rowHeader !== false, numeric: c.type === 'number' })),
    })),
    total: spec.paged?.matching ?? spec.narrowed?.total ?? spec.rows.length,
    matching,
    from: shown.length ? (page - 1) * PAGE_SIZE + 1 : 0,
    to: (page - 1) * PAGE_SIZE + shown.length,
    q: view.q,
    csvHref: `${place.path}?${csvParams.toString()}`,
    filter: { action: `${place.path}#${spec.id}-heading`, hidden },
    pagination:
      last > 1
        ? {
            previous: page > 1 ? { href: at(page - 1) } : undefined,
            next: page < last ? { href: at(page + 1) } : undefined,
            items: pageNumbers(page, last).map((n) =>
              n === null ? { ellipsis: true as const } : { number: n, href: at(n), current: n === page },
            ),
          }
        : undefined,
  };
}
