// The caseworker's lists read from the steps alone (issue 16): each step keeps its case's caseworker
// (case_milestones.caseworker_ref) and a team is read by its pathways. On a seeded area, for every
// member of staff, every team, both together and no one, the lists and their counts equal those of
// the join they replaced (a step's holder or its case's caseworker; the case's team), before and
// after the LA gains a caseworker and the cases are spread over them again. A page of a list sorted
// and cut by the database is the page the table made from every step. A database of its own.
import type { INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { RecomputeService, StaffRepository, TEAMS, syntheticStaff } from '@app/compliance';
import { EventReader } from '@app/database';
import { INTERNAL_TARGET_KINDS, addDays, todayInLondon } from '@app/rules';
import { CliModule } from '../apps/ingest-api/src/cli/cli.module';
import { readCaseworkerLists } from '../apps/ingest-api/src/pages/caseworker-lists';
import { caseworkerTables, countsOf, listsOf, type CaseworkerInput } from '../apps/ingest-api/src/pages/caseworker.view';
import { PAGE_SIZE, tableModel, type TableSpec, type TableView } from '../apps/ingest-api/src/pages/html-table';
import { PagesRepository, type WorkFilter } from '../apps/ingest-api/src/pages/pages.repository';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { seedArea } from './support/seed-area';

@Module({ imports: [CliModule] })
class ListsTestModule {}

const today = todayInLondon(new Date());
const soonUntil = addDays(today, 14);

let scratch: ScratchDatabase;
let app: INestApplicationContext;
let pages: PagesRepository;
let las: string[];

/** The lists as they were read before: joined to the case's evaluation for its caseworker and team. */
const JOINED = `
  SELECT m.case_ref AS "caseRef", m.milestone_key AS "milestoneKey", m.due_on::text AS "dueOn", m.assignee_ref AS "assigneeRef",
    ce.assignee_ref AS "caseworkerRef", ce.team,
    (SELECT count(*)::int FROM alerts a WHERE a.la_code = m.la_code AND a.case_ref = m.case_ref
      AND a.resolved_at IS NULL AND a.acknowledged_at IS NULL) AS "openAlerts",
    CASE WHEN m.state = 'exempt' THEN 'exempt' WHEN m.due_on < $2::date AND m.kind = ANY($6::text[]) THEN 'target_passed'
      WHEN m.due_on < $2::date THEN 'overdue' ELSE 'due_soon' END AS list
  FROM case_milestones m JOIN case_evaluations ce ON ce.la_code = m.la_code AND ce.case_ref = m.case_ref
  WHERE m.la_code = $1 AND m.done_on IS NULL AND ce.status = 'open'
    AND (m.state = 'exempt' OR (m.state IN ('pending', 'overdue') AND m.due_on <= $3::date))
    AND ($4::text IS NULL OR m.assignee_ref = $4 OR ce.assignee_ref = $4)
    AND ($5::text IS NULL OR ce.team = $5)
  ORDER BY m.due_on, m.case_ref, m.milestone_key`;

async function joined(f: WorkFilter) {
  return app.get(DataSource).query(JOINED, [f.la, f.today, f.soonUntil, f.assignee ?? null, f.team ?? null, INTERNAL_TARGET_KINDS]);
}

/** Every filter a page can ask of an LA: each member of staff, each team, a caseworker within their team, no one. */
async function filtersOf(la: string): Promise<WorkFilter[]> {
  const staff = (await app.get(StaffRepository).directory(la)).members;
  const base = { la, today, soonUntil };
  return [
    base,
    ...staff.map((s) => ({ ...base, assignee: s.staffRef })),
    ...TEAMS.map((team) => ({ ...base, team })),
    ...staff.filter((s) => s.role === 'caseworker').map((s) => ({ ...base, assignee: s.staffRef, team: s.team })),
  ];
}

/** Compares every filter's list and counts with the join's; returns how many steps were listed in all, and with alerts. */
async function expectListsAsJoined(): Promise<{ listed: number; withAlerts: number }> {
  let listed = 0;
  let withAlerts = 0;
  for (const la of las) {
    for (const f of await filtersOf(la)) {
      const items = await pages.workItems(f);
      const expected = await joined(f);
      expect({
        f,
        items: items.map(({ caseRef, milestoneKey, dueOn, assigneeRef, caseworkerRef, team, openAlerts, list }) => ({
          caseRef,
          milestoneKey,
          dueOn,
          assigneeRef,
          caseworkerRef,
          team,
          openAlerts,
          list,
        })),
      }).toEqual({ f, items: expected });
      // A person's lists are read whole and counted from their rows; everyone's and a team's in the database.
      const counts = f.assignee ? countsOf(listsOf(items)) : await pages.workCounts(f);
      for (const list of ['overdue', 'due_soon', 'exempt', 'target_passed'] as const) {
        expect({ f, list, n: counts[list] }).toEqual({ f, list, n: expected.filter((r: { list: string }) => r.list === list).length });
      }
      listed += items.length;
      withAlerts += items.filter((i) => i.openAlerts > 0).length;
    }
  }
  return { listed, withAlerts };
}

beforeAll(async () => {
  scratch = await createScratchDatabase('cwlists');
  scratch.use();
  app = await NestFactory.createApplicationContext(ListsTestModule, { logger: ['error'] });
  pages = new PagesRepository(app.get(DataSource), app.get(EventReader));
  las = await seedArea(app, { las: 2, cases: 2500, seed: 11, asOf: today });
  await app.get(StaffRepository).upsert(las.flatMap((la) => syntheticStaff(la))); // before the pass assigns the cases
  await app.get(RecomputeService).recomputeAll(today, { chunkSize: 500 });
}, 180000);

afterAll(async () => {
  await app?.close();
  await scratch?.drop();
});

describe("the caseworker's lists from the steps alone", () => {
  it('lists for every member of staff, team and both what the join with the case listed', async () => {
    // Advice steps are held by a service, so a caseworker's list has steps they do not hold themselves.
    const [{ n }] = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM case_milestones WHERE done_on IS NULL AND assignee_ref IS DISTINCT FROM caseworker_ref`);
    expect(n).toBeGreaterThan(0);
    const { listed, withAlerts } = await expectListsAsJoined();
    expect(listed).toBeGreaterThan(100);
    expect(withAlerts).toBeGreaterThan(0); // the alert counts compared are not all none
    expect(withAlerts).toBeLessThan(listed);
  });

  it('moves the steps with their cases when the LA gains a caseworker', async () => {
    const [la] = las;
    const repo = app.get(StaffRepository);
    const reviewer = (await repo.directory(la)).members.find((s) => s.role === 'caseworker' && s.team === 'reviews')!;
    const newcomer = `CW-${la}-REVIEWS-NEW`;
    await repo.upsert([{ ...reviewer, staffRef: newcomer, email: `reviews-new-${la}@example.test` }]);
    await app.get(RecomputeService).recomputeAll(today, { chunkSize: 500 });
    const held = await pages.workItems({ la, today, soonUntil, assignee: newcomer });
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((i) => i.caseworkerRef === newcomer)).toBe(true);
    await expectListsAsJoined();
  });
});

describe('a page of a list, sorted and cut by the database', () => {
  it('shows, for every column both ways and on the first, second and last page, the table made from every step', async () => {
    let compared = 0;
    for (const la of las) {
      const staff = (await app.get(StaffRepository).directory(la)).members;
      const person = staff.find((s) => s.role === 'caseworker' && s.team === 'assessment')!.staffRef;
      for (const f of [
        { la, today, soonUntil },
        { la, today, soonUntil, team: 'assessment' },
        { la, today, soonUntil, assignee: person },
      ]) {
        const whole = await readCaseworkerLists(pages, f, {}, true);
        const input: CaseworkerInput = { la, laName: null, today, soonUntil, staff, ...whole };
        for (const table of caseworkerTables(input)) {
          const last = Math.max(1, Math.ceil(table.rows.length / PAGE_SIZE));
          for (const column of table.columns)
            for (const dir of ['asc', 'desc'] as const)
              for (const page of [...new Set([1, 2, last])]) {
                const view: TableView = { table: table.id, sort: column.key, dir, page };
                const paged = await readCaseworkerLists(pages, f, view, false);
                // A person's lists come whole and are cut in node; everyone's and a team's a page at a time.
                expect({ f, paged: Object.values(paged.lists).map((l) => l.paged !== undefined) }).toEqual({
                  f,
                  paged: Array(4).fill(!f.assignee),
                });
                const pagedTable = caseworkerTables({ ...input, ...paged }).find((t) => t.id === table.id)!;
                const place = { path: '/dashboard/caseworker', query: { la } };
                expect({ f, view, model: tableModel(pagedTable, place, view) }).toEqual({ f, view, model: tableModel(table, place, view) });
                compared++;
              }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('pages an unsorted list in its own order, and a page asked beyond the last as the last', async () => {
    const f = { la: las[0], today, soonUntil };
    const whole = await readCaseworkerLists(pages, f, {}, true);
    const overdue = whole.lists.overdue.rows;
    expect(overdue.length).toBeGreaterThan(PAGE_SIZE);
    const second = await readCaseworkerLists(pages, f, { table: 'overdue', page: 2 }, false);
    expect(second.lists.overdue.paged).toEqual({ offset: PAGE_SIZE, matching: overdue.length });
    expect(second.lists.overdue.rows).toEqual(overdue.slice(PAGE_SIZE, 2 * PAGE_SIZE));
    // The other lists stay on their first page.
    expect(second.lists.due_soon.rows).toEqual(whole.lists.due_soon.rows.slice(0, PAGE_SIZE));
    const beyond = await readCaseworkerLists(pages, f, { table: 'overdue', page: 9999 }, false);
    const lastOffset = PAGE_SIZE * Math.floor((overdue.length - 1) / PAGE_SIZE);
    expect(beyond.lists.overdue.rows).toEqual(overdue.slice(lastOffset));
  });
});

/** Words a person might filter by, taken from the lists' own cells: whole, in part, in capitals, and some found nowhere. */
function needlesOf(tables: TableSpec<unknown>[]): string[] {
  const needles = new Set(['not assigned', 'ASSIGNED', 'no such words', '0', '1', '  speech   AND ', 'december', '2025', '-']);
  for (const table of tables)
    for (const column of table.columns)
      for (const row of [0, 7, Math.floor(table.rows.length / 2), table.rows.length - 1].map((i) => table.rows[i]).filter(Boolean)) {
        const text = String(column.text ? column.text(row) : (column.value(row) ?? ''));
        needles.add(text);
        needles.add(text.slice(1, 5).toUpperCase());
        needles.add(text.slice(-3));
      }
  return [...needles].filter((n) => n.trim() !== '');
}

describe('a list filtered by words', () => {
  it('shows, for words from every column, the rows the filter finds over every step, from the steps that may hold them', async () => {
    let compared = 0;
    let narrower = 0;
    for (const la of las) {
      const staff = (await app.get(StaffRepository).directory(la)).members;
      for (const f of [
        { la, today, soonUntil },
        { la, today, soonUntil, team: 'assessment' },
      ]) {
        const whole = await readCaseworkerLists(pages, f, {}, true);
        const input: CaseworkerInput = { la, laName: null, today, soonUntil, staff, ...whole };
        const tables = caseworkerTables(input);
        const place = { path: '/dashboard/caseworker', query: { la } };
        for (const q of needlesOf(tables))
          for (const view of [{ q }, { q, table: 'overdue', sort: 'daysOverdue', dir: 'desc' as const, page: 2 }]) {
            const filtered = await readCaseworkerLists(pages, f, view, false);
            const models = (i: CaseworkerInput) => caseworkerTables(i).map((t) => tableModel(t, place, view));
            expect({ f, view, models: models({ ...input, ...filtered }) }).toEqual({ f, view, models: models(input) });
            compared++;
            if (filtered.lists.overdue.rows.length < whole.lists.overdue.rows.length && filtered.lists.overdue.narrowed) narrower++;
          }
      }
    }
    expect(compared).toBeGreaterThan(200);
    // Most words are in few rows: the database gave fewer steps than the list holds.
    expect(narrower).toBeGreaterThan(compared / 2);
  });
});
