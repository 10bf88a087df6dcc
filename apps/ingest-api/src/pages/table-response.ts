// A page answers with its HTML, or with one of its tables as CSV (?format=csv&table=id).
import { NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { tableCsv, type TableSpec, type TableView } from './html-table';
import type { TableQuery } from './page-query';

export function viewOf(q: TableQuery): TableView {
  return {
    q: q.q || undefined,
    sort: q.sort || undefined,
    dir: q.dir || undefined,
    page: q.page ? Number(q.page) : undefined,
    table: q.table || undefined,
  };
}

/** The CSV of the table named in the query, or the page's HTML. */
export function answer(res: Response, q: TableQuery, tables: TableSpec<unknown>[], filePrefix: string, html: () => string): string {
  if (q.format === 'csv') {
    const table = tables.find((t) => t.id === q.table);
    if (!table)
      throw new NotFoundException(`no table ${JSON.stringify(q.table ?? '')} on this page; tables: ${tables.map((t) => t.id).join(', ')}`);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${filePrefix}-${table.id}.csv"`);
    return tableCsv(table, viewOf(q));
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  return html();
}
