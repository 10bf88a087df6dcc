import { PAGE_SIZE, pageNumbers, rowsShown, tableCsv, tableModel, type TableModel, type TableSpec } from './html-table';
import { views } from './views';

const SCRIPT_TAG = '<script>alert(1)</script>';
const HOSTILE = `${SCRIPT_TAG}"><img src=x>`;

interface Row {
  ref: string;
  due: string;
  days: number;
  note: string;
}

const spec: TableSpec<Row> = {
  id: 'overdue',
  caption: 'Overdue',
  empty: 'Nothing is overdue.',
  columns: [
    { key: 'ref', label: 'Case', value: (r) => r.ref },
    { key: 'due', label: 'Due', type: 'date', value: (r) => r.due, text: (r) => `due ${r.due}` },
    { key: 'days', label: 'Days', type: 'number', value: (r) => r.days },
    { key: 'note', label: 'Note', value: (r) => r.note },
  ],
  rows: [
    { ref: 'EHC-2', due: '2026-03-01', days: 9, note: '=SUM(A1)' },
    { ref: 'EHC-10', due: '2026-01-05', days: 100, note: 'a, "quoted" note' },
    { ref: 'ND-3', due: '2026-02-01', days: 40, note: '<script>' },
  ],
};

describe('tables: the HTML and the CSV show the same rows', () => {
  it('filters on what the cells read as, and sorts numbers as numbers', () => {
    expect(rowsShown(spec, { q: 'ehc' }).map((r) => r.ref)).toEqual(['EHC-2', 'EHC-10']);
    expect(rowsShown(spec, { q: 'DUE 2026-02' }).map((r) => r.ref)).toEqual(['ND-3']);
    // Words are looked for cell by cell: the end of one cell and the start of the next are not a match.
    expect(rowsShown(spec, { q: 'nd-3due' })).toEqual([]);
    expect(rowsShown(spec, { q: '40' }).map((r) => r.ref)).toEqual(['ND-3']);
    expect(rowsShown(spec, { sort: 'days', dir: 'asc' }).map((r) => r.days)).toEqual([9, 40, 100]);
    expect(rowsShown(spec, { sort: 'due', dir: 'desc' }).map((r) => r.due)).toEqual(['2026-03-01', '2026-02-01', '2026-01-05']);
    expect(rowsShown(spec, { sort: 'nonsense' }).map((r) => r.ref)).toEqual(['EHC-2', 'EHC-10', 'ND-3']);
  });

  it('writes CSV with column keys, quoting, and formulas neutralised, in the order shown', () => {
    expect(tableCsv(spec, { sort: 'days', dir: 'desc' })).toBe(
      'ref,due,days,note\r\nEHC-10,2026-01-05,100,"a, ""quoted"" note"\r\nND-3,2026-02-01,40,<script>\r\nEHC-2,2026-03-01,9,\'=SUM(A1)\r\n',
    );
  });
});

describe('tables in templates: one page of rows, with server-side sort, filter and paging links', () => {
  const many: TableSpec<Row> = {
    ...spec,
    rows: Array.from({ length: 123 }, (_, i) => ({ ref: `EHC-${i + 1}`, due: '2026-01-01', days: i + 1, note: i === 7 ? HOSTILE : 'n' })),
  };
  const place = { path: '/dashboard/caseworker', query: { la: '805', team: 'slt', assignee: undefined } };
  const render = (t: TableModel) => views.renderString('{% from "macros/table.njk" import appTable %}{{ appTable(t) }}', { t });

  it('shows 50 rows a page, counts every matching row, and links the other pages', () => {
    const model = tableModel(many, place, { page: 2 });
    expect(model.rows).toHaveLength(PAGE_SIZE);
    expect([model.from, model.to, model.matching, model.total]).toEqual([51, 100, 123, 123]);
    expect(model.rows[0].cells[0].cell.text).toBe('EHC-51');
    expect(model.pagination?.previous?.href).toBe('/dashboard/caseworker?la=805&team=slt&table=overdue#overdue-heading');
    expect(model.pagination?.next?.href).toBe('/dashboard/caseworker?la=805&team=slt&table=overdue&page=3#overdue-heading');
    expect(model.pagination?.items.map((i) => ('number' in i ? i.number : '…'))).toEqual([1, 2, 3]);
    const last = tableModel(many, place, { page: 99 });
    expect([last.from, last.to]).toEqual([101, 123]);
  });

  it('shows a page the database cut as it is, with the same counts and links as the page cut here', () => {
    const view = { page: 2, sort: 'days', dir: 'desc' as const };
    const cutHere = tableModel(many, place, view);
    const matching = rowsShown(many, view);
    const cutThere: TableSpec<Row> = {
      ...many,
      rows: matching.slice(PAGE_SIZE, 2 * PAGE_SIZE),
      paged: { offset: PAGE_SIZE, matching: 123 },
    };
    expect(tableModel(cutThere, place, view)).toEqual(cutHere);
    expect(() => tableCsv(cutThere)).toThrow('a CSV holds every row');
  });

  it('applies sort, filter and page to the table named, and leaves the others alone', () => {
    const other = tableModel(many, place, { table: 'due-soon', page: 3, sort: 'days', dir: 'desc' });
    expect(other.from).toBe(1);
    expect(other.rows[0].cells[0].cell.text).toBe('EHC-1');
    const sorted = tableModel(many, place, { table: 'overdue', sort: 'days', dir: 'desc', q: 'ehc-1' });
    expect(sorted.rows[0].cells[0].cell.text).toBe('EHC-123');
    expect(sorted.matching).toBe(35); // EHC-1, 10-19, 100-123
    expect(sorted.columns.find((c) => c.key === 'days')).toMatchObject({
      ariaSort: 'descending',
      sortHref: '/dashboard/caseworker?la=805&team=slt&table=overdue&q=ehc-1&sort=days&dir=asc#overdue-heading',
    });
    expect(sorted.csvHref).toBe('/dashboard/caseworker?la=805&team=slt&table=overdue&sort=days&dir=desc&q=ehc-1&format=csv');
  });

  it('offers the first, last and neighbouring pages, with gaps', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(2, 10)).toEqual([1, 2, 3, null, 10]);
  });

  it('renders a GOV.UK table with sort links, escaped cells, the count and pagination', () => {
    const html = render(tableModel(many, place, {}));
    expect(html).toContain('<caption class="govuk-table__caption govuk-visually-hidden">Overdue</caption>');
    expect(html).toContain('Rows 1 to 50 of 123.');
    expect(html).toContain('aria-sort="none"');
    expect(html).toContain('class="govuk-pagination"');
    expect(html).not.toContain(SCRIPT_TAG);
    expect(html).toContain('&lt;script&gt;');
    const empty = render(tableModel({ ...many, rows: [] }, place, {}));
    expect(empty).toContain('Nothing is overdue.');
    expect(empty).not.toContain('<table');
  });
});
