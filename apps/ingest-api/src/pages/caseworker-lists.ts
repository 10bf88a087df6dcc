// What the caseworker page reads of its lists: how many steps each holds, and the rows its tables
// show. A large LA's everyone's list is 15,000 steps; a page shows 50 of each list, so without a
// filter each list's page is sorted and cut by the database. A filter (q) reads every step's words,
// and a CSV holds every row: those read every step, as before.
import { LIST_TABLES, listsOf, workOrder, type ListRows } from './caseworker.view';
import { PAGE_SIZE, pageOf, viewFor, type TableView } from './html-table';
import type { PagesRepository, WorkFilter, WorkList } from './pages.repository';

export interface CaseworkerLists {
  counts: Record<WorkList, number>;
  lists: Record<WorkList, ListRows>;
}

export async function readCaseworkerLists(
  repo: PagesRepository,
  filter: WorkFilter,
  view: TableView,
  everyRow: boolean,
): Promise<CaseworkerLists> {
  if (everyRow) {
    const [items, counts] = await Promise.all([repo.workItems(filter), repo.workCounts(filter)]);
    return { counts, lists: listsOf(items) };
  }
  // The pages are read beside the counts, at the page asked for; one asked beyond the last (an old
  // link after the list shrank) is read again at the last, once the count says where that is.
  const page = (list: WorkList, listView: TableView, offset: number) =>
    repo.workPage(filter, list, workOrder(list, listView, filter.today), offset, PAGE_SIZE);
  const asked = LIST_TABLES.map(({ list, id }) => {
    const listView = viewFor(id, view);
    return { list, listView, offset: pageOf(listView, Infinity).offset };
  });
  const [counts, ...read] = await Promise.all([repo.workCounts(filter), ...asked.map((a) => page(a.list, a.listView, a.offset))]);
  const pages = await Promise.all(
    asked.map(async ({ list, listView, offset }, n): Promise<[WorkList, ListRows]> => {
      const last = pageOf(listView, counts[list]).offset;
      if (offset <= last) return [list, { rows: read[n], paged: { offset, matching: counts[list] } }];
      return [list, { rows: await page(list, listView, last), paged: { offset: last, matching: counts[list] } }];
    }),
  );
  return { counts, lists: Object.fromEntries(pages) as Record<WorkList, ListRows> };
}
