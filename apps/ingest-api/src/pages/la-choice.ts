// Which LA a page shows when none is asked for: the demo's first LA if it has cases, else the first.
import { PagesRepository } from './pages.repository';

const DEMO_LA = '805';

export async function chooseLa(repo: PagesRepository, asked?: string): Promise<string | undefined> {
  if (asked) return asked;
  const las = await repo.lasWithCases();
  return las.find((l) => l.la === DEMO_LA)?.la ?? las[0]?.la;
}
