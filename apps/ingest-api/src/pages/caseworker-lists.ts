// What the caseworker page reads of its lists: how many steps each holds, and the rows its tables
// show. A large LA's everyone's list is 15,000 steps; a page shows 50 of each list, so each list's
// page is sorted and cut by the database. A list filtered by words (q) is given the steps whose
// cells may hold them (the database looks for the values whose words do), and the filter, sort and
// page run over those as over every step. A CSV holds every row, so it reads every step; so do one
// person's lists: their steps are their cases' and the few they hold on others', fewer in one
// statement than the counts and four pages would cost in five.
import { countsOf, LIST_TABLES, listsOf, workOrder, workValuesWanted, workWords, type ListRows } from './caseworker.view';
import { filterNeedle, PAGE_SIZE, pageOf, viewFor, type TableView } from './html-table';
import type { PagesRepository, WorkFilter, WorkItem, WorkList, WorkValues } from './pages.repository';

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
  if (everyRow || filter.assignee) {
    const lists = listsOf(await repo.workItems(filter));
    return { counts: countsOf(lists), lists };
  }
  // The pages are read beside the counts, at the page asked for; one asked beyond the last (an old
  // link after the list shrank) is read again at the last, once the count says where that is.
  const page = (list: WorkList, listView: TableView, offset: number) =>
    repo.workPage(filter, list, workOrder(list, listView, filter.today), offset, PAGE_SIZE);
  const asked = LIST_TABLES.map(({ list, id }) => {
    const listView = viewFor(id, view);
    return { list, listView, needle: filterNeedle(listView.q), offset: pageOf(listView, Infinity).offset };
  });
  // The values the filters' words need, read once for every list filtered (none for words like "speech").
  const wanted = { dueOn: false, alerts: false };
  for (const { list, needle } of asked.filter((a) => a.needle)) {
    const w = workValuesWanted(list, needle, filter.today);
    wanted.dueOn ||= w.dueOn;
    wanted.alerts ||= w.alerts;
  }
  let values: Promise<WorkValues> | undefined;
  const rowsOf = ({ list, listView, needle, offset }: (typeof asked)[number]): Promise<WorkItem[]> => {
    if (!needle) return page(list, listView, offset);
    values ??= repo.workValues(filter, wanted);
    return values.then((v) => repo.workMatching(filter, list, workWords(list, needle, filter.today, v)));
  };
  const [counts, ...read] = await Promise.all([repo.workCounts(filter), ...asked.map(rowsOf)]);
  const lists = await Promise.all(
    asked.map(async ({ list, listView, needle, offset }, n): Promise<[WorkList, ListRows]> => {
      if (needle) return [list, { rows: read[n], narrowed: { total: counts[list] } }];
      const last = pageOf(listView, counts[list]).offset;
      if (offset <= last) return [list, { rows: read[n], paged: { offset, matching: counts[list] } }];
      return [list, { rows: await page(list, listView, last), paged: { offset: last, matching: counts[list] } }];
    }),
  );
  return { counts, lists: Object.fromEntries(lists) as Record<WorkList, ListRows> };
}
