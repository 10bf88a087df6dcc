import { csvHref, renderTable, rowsShown, tableCsv, type TableSpec } from './html-table';

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
    expect(rowsShown(spec, { sort: 'days', dir: 'asc' }).map((r) => r.days)).toEqual([9, 40, 100]);
    expect(rowsShown(spec, { sort: 'due', dir: 'desc' }).map((r) => r.due)).toEqual(['2026-03-01', '2026-02-01', '2026-01-05']);
    expect(rowsShown(spec, { sort: 'nonsense' }).map((r) => r.ref)).toEqual(['EHC-2', 'EHC-10', 'ND-3']);
  });

  it('writes CSV with column keys, quoting, and formulas neutralised, in the order shown', () => {
    expect(tableCsv(spec, { sort: 'days', dir: 'desc' })).toBe(
      'ref,due,days,note\r\nEHC-10,2026-01-05,100,"a, ""quoted"" note"\r\nND-3,2026-02-01,40,<script>\r\nEHC-2,2026-03-01,9,\'=SUM(A1)\r\n',
    );
  });

  it('renders a captioned table with scoped headers, escaped cells and sort values, and its CSV link', () => {
    const html = renderTable(spec, csvHref('/dashboard/caseworker', { la: '805', team: undefined, format: 'html' }, 'overdue'), {
      q: 'nd',
    });
    expect(html).toContain('<caption class="visually-hidden">Overdue</caption>');
    expect(html).toContain('<th scope="col" class="num" data-key="days" data-type="number">Days</th>');
    expect(html).toContain('<th scope="row" data-sort="nd-3">ND-3</th>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="/dashboard/caseworker?la=805&amp;format=csv&amp;table=overdue"');
    expect(html).toContain('<span data-shown>1</span> of 3 rows shown');
  });

  it('says so when there is nothing to show', () => {
    expect(renderTable({ ...spec, rows: [] }, '/x')).toContain('<td class="empty" colspan="4">Nothing is overdue.</td>');
  });
});
