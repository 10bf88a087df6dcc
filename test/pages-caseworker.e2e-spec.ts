// "My cases" (/dashboard/caseworker) in a real browser, for each role that may open it: whose cases
// it shows by default, counts over every matching step (checked case by case against the cases API,
// which evaluates each case from its events), 50 rows a page, sort, find, CSV, the chooser, axe, a
// 390 px phone, and the page's time and weight. Screenshots: test-artifacts/screenshots/caseworker-*.
import { INTERNAL_TARGET_KINDS } from '@app/rules';
import { join } from 'node:path';
import type { UserRole } from '@app/access';
import { addDays, todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import {
  axeViolations,
  pageOverflows,
  SCREENSHOTS,
  parseCsv,
  type PageElement,
  type PageGlobal,
  type TestBrowser,
} from './support/browser';
import { PAGE_BROKEN_MS } from './support/browser-suite';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '821'; // this file's own LA
/** The demo-size check's LA: no file writes it but that check (its size is the check's alone). */
const DEMO_SIZE_LA = '940';
const today = todayInLondon(new Date());
const soonUntil = addDays(today, 14);

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'cw', cases: 700, pageErrors });
  ({ api, browser, area } = suite);
}, 180000);

afterAll(() => suite?.close());

const teamManager = () => `TM-${LA}-${area.team.toUpperCase()}`;

async function signInAs(role: UserRole, staffRef?: string): Promise<void> {
  const u = await api.user(role, [LA], staffRef);
  const page = browser.page;
  await browser.context.clearCookies();
  await page.goto('/sign-in');
  await page.fill('#email', u.email);
  await page.fill('#password', u.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.click('form[action="/sign-in"] button')]);
}

const texts = (selector: string) =>
  browser.page.$$eval(selector, (els: PageElement[]) =>
    els.map((e) =>
      String(e.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );

/** The headline counts: overdue, due in 14 days, with an exception (the at-risk count follows them). */
async function stats(): Promise<number[]> {
  return (await texts('.app-stat__value')).slice(0, 3).map(Number);
}

/** A table's rows as cell texts (hints included). */
async function rows(id: string): Promise<string[][]> {
  return browser.page.$$eval(`#${id} tbody tr`, (trs: PageElement[]) =>
    trs.map((tr) =>
      Array.from(tr.children).map((c) =>
        String(c.textContent ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    ),
  );
}

/** "Rows 1 to 50 of 123": the table's matching total, or 0 when it says it is empty. */
async function total(id: string): Promise<number> {
  if ((await browser.page.locator(`#${id}-block .app-table-count`).count()) === 0) return 0;
  const text = (await browser.page.textContent(`#${id}-block .app-table-count`))!.replace(/\s+/g, ' ');
  return Number(/ of (\d+)/.exec(text)![1]);
}

async function csvRows(id: string): Promise<string[][]> {
  const href = await browser.page.getAttribute(`#${id}-block a[download]`, 'href');
  const res = await browser.page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  return parseCsv(await res.text()).slice(1);
}

/** The three lists of a team counted from the cases API: each open case of the team evaluated from its events today. */
async function apiCounts(team: string): Promise<number[]> {
  const cases: { case_ref: string }[] = await api.db.query(
    `SELECT case_ref FROM case_evaluations WHERE la_code = $1 AND team = $2 AND status = 'open'`,
    [LA, team],
  );
  const counts = [0, 0, 0];
  for (const { case_ref } of cases) {
    const res = await api
      .http()
      .get(`/v1/cases/${LA}/${encodeURIComponent(case_ref)}`)
      .expect(200);
    if (res.body.status !== 'open') continue;
    for (const m of res.body.milestones as { dueOn: string; doneOn: string | null; state: string; statutory: boolean }[]) {
      // An internal target (the 16-week draft) is never counted as overdue: it has its own list (issue 18).
      if (m.doneOn || (!m.statutory && m.state !== 'exempt' && m.dueOn < today)) continue;
      if (m.state === 'exempt') counts[2]++;
      else if ((m.state === 'pending' || m.state === 'overdue') && m.dueOn <= soonUntil) counts[m.dueOn < today ? 0 : 1]++;
    }
  }
  return counts;
}

/** Screenshots at 1280 and 390 px, axe at both, and whether the page scrolls sideways at 390 px. */
/** Elements reaching past the right edge of the screen, outside a table's own scrolling box (what to fix when the page overflows). */
function widerThanScreen(): Promise<string[]> {
  return browser.page.evaluate(() => {
    type El = { tagName: string; className: string; id: string; closest(s: string): El | null; getBoundingClientRect(): { right: number } };
    const g = globalThis as unknown as { innerWidth: number; document: { querySelectorAll(s: string): ArrayLike<El> } };
    return Array.from(g.document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > g.innerWidth + 1 && !e.closest('.app-table-scroll'))
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${String(e.className).replace(/ /g, '.')}`)
      .slice(0, 10);
  });
}

async function checkLook(name: string): Promise<void> {
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await axeViolations(page, `${name}-1280`)).toEqual([]);
  // At 1280 px every table fits its box: the last column's header is not cut off.
  const cut = await page.$$eval('.app-table-scroll', (boxes: PageElement[]) =>
    boxes
      .map((b) => b as unknown as { id: string; scrollWidth: number; clientWidth: number; getAttribute(n: string): string | null })
      .filter((b) => b.scrollWidth > b.clientWidth)
      .map((b) => `${b.getAttribute('aria-labelledby')}: ${b.scrollWidth} px in ${b.clientWidth} px`),
  );
  expect(cut).toEqual([]);
  await browser.screenshot(`${name}-1280`);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280-viewport.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await widerThanScreen()).toEqual([]);
  expect(await pageOverflows(page)).toBe(false);
  expect(await axeViolations(page, `${name}-390`)).toEqual([]);
  await browser.screenshot(`${name}-390`);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-390-viewport.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * The page's load time (to the load event), the weight of its HTML, and of everything loaded with it
 * that the browser did not take from its cache (GOV.UK Frontend's stylesheet, fonts and script).
 */
async function timeAndWeight(path: string): Promise<{ ms: number; html: number; total: number; parts: string[] }> {
  const page = browser.page;
  const parts: { url: string; bytes: number }[] = [];
  const onResponse = async (r: { url(): string; body(): Promise<Buffer> }) => {
    parts.push({ url: r.url(), bytes: (await r.body().catch(() => Buffer.alloc(0))).length });
  };
  page.on('response', onResponse);
  const started = Date.now();
  await page.goto(path, { waitUntil: 'load' });
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const html = parts.find((p) => new URL(p.url).pathname === path.split('?')[0])?.bytes ?? 0;
  return {
    ms,
    html,
    total: parts.reduce((a, p) => a + p.bytes, 0),
    parts: parts.map((p) => `${new URL(p.url).pathname.split('/').pop()} ${Math.round(p.bytes / 1024)} KB`),
  };
}

describe('My cases, for each role that may open it', () => {
  it('a team manager sees their own team by default, and its counts equal the cases API’s, case by case', async () => {
    const page = browser.page;
    await signInAs('team_manager', teamManager());
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    expect(await page.inputValue('#team')).toBe(area.team);
    expect(await page.inputValue('#assignee')).toBe('');
    expect(await page.textContent('main .govuk-body-l')).toMatch(/ team cases: /);
    const shown = await stats();
    // The counts are of every matching step: the tables' totals and their CSV downloads agree...
    expect([await total('overdue'), await total('due-soon'), await total('exempt')]).toEqual(shown);
    for (const [i, id] of ['overdue', 'due-soon', 'exempt'].entries()) {
      if (shown[i]) expect((await csvRows(id)).length).toBe(shown[i]);
    }
    // ...and the cases API, evaluating each of the team's open cases from its events, finds the same.
    expect(await apiCounts(area.team)).toEqual(shown);
    expect(shown[0] + shown[1]).toBeGreaterThan(0);
    // Every row shown is the team's.
    expect(new Set((await csvRows('overdue')).map((r) => r[4]))).toEqual(new Set([area.team]));
    await checkLook('caseworker-team_manager');
  });

  it('a team manager may choose every team: "All teams" is kept, not replaced by their own', async () => {
    const page = browser.page;
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    const mine = await stats();
    await page.selectOption('#team', 'all');
    await Promise.all([page.waitForURL(/team=all/), page.click('main form.app-filters button')]);
    expect(await page.inputValue('#team')).toBe('all');
    expect(await page.textContent('main .govuk-body-l')).toMatch(/^All open cases: /);
    const everyone = await stats();
    expect(everyone[0]).toBeGreaterThan(mine[0]);
  });

  it('a caseworker sees their own cases by default', async () => {
    const page = browser.page;
    await signInAs('caseworker', area.caseworker);
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    expect(await page.textContent('main .govuk-body-l')).toContain(`Cases of ${area.caseworker}`);
    expect(await page.inputValue('#assignee')).toBe(area.caseworker);
    const overdue = await rows('overdue');
    const mine = overdue.filter((r) => r[0] === area.overdueCase);
    expect(mine.map((r) => r[1])).toEqual(expect.arrayContaining(['Decision whether to assess (6 weeks)', 'Final plan (20 weeks)']));
    expect(mine.find((r) => r[1] === 'Final plan (20 weeks)')![3]).toBe('60');
    await checkLook('caseworker-caseworker');
    // The case reference opens the case.
    await Promise.all([page.waitForURL(/\/dashboard\/cases\//), page.click(`#overdue a:text-is("${area.overdueCase}")`)]);
    expect(await page.textContent('h1')).toContain(area.overdueCase);
  });

  it('a leader sees everyone: 50 rows a page, the next page, sort, find and CSV, all on the server', async () => {
    const page = browser.page;
    await signInAs('leader');
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    expect(await page.textContent('main .govuk-body-l')).toMatch(/^All open cases: /);
    const [overdue] = await stats();
    const [row] = await api.db.query(
      `SELECT count(*)::int AS n FROM case_milestones m JOIN case_evaluations ce USING (la_code, case_ref)
       WHERE m.la_code = $1 AND m.done_on IS NULL AND ce.status = 'open' AND m.state IN ('pending', 'overdue') AND m.due_on < $2
         AND m.kind <> ALL($3::text[])`,
      [LA, today, INTERNAL_TARGET_KINDS],
    );
    expect(overdue).toBe(row.n);
    expect(overdue).toBeGreaterThan(50);
    expect(await rows('overdue')).toHaveLength(50);
    expect(await page.textContent('#overdue-block .app-table-count')).toContain(`Rows 1 to 50 of ${overdue}.`);
    await checkLook('caseworker-leader');

    // The next page.
    await Promise.all([page.waitForURL(/page=2/), page.click('#overdue-block .govuk-pagination__next a')]);
    expect(await page.textContent('#overdue-block .app-table-count')).toContain(`Rows 51 to ${Math.min(100, overdue)} of ${overdue}.`);
    expect(await stats()).toHaveLength(3);

    // Sort by days overdue, longest first (a second click), then find a case.
    await Promise.all([page.waitForURL(/sort=daysOverdue/), page.click('#overdue th a:has-text("Days overdue")')]);
    await Promise.all([page.waitForURL(/dir=desc/), page.click('#overdue th a:has-text("Days overdue")')]);
    expect(await page.getAttribute('#overdue th:has-text("Days overdue")', 'aria-sort')).toBe('descending');
    const days = (await rows('overdue')).map((r) => Number(r[3]));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const csv = await csvRows('overdue');
    expect(csv).toHaveLength(overdue);
    expect(csv.slice(0, 50).map((r) => Number(r[3]))).toEqual(days);

    await page.fill('#overdue-q', area.overdueCase);
    await Promise.all([page.waitForURL(/q=/), page.click('#overdue-block form button')]);
    const found = await rows('overdue');
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.every((r) => r[0] === area.overdueCase)).toBe(true);
    expect((await csvRows('overdue')).map((r) => r[0])).toEqual(found.map((r) => r[0]));
    // The headline counts stay those of every matching step, whatever the table shows.
    expect((await stats())[0]).toBe(overdue);
    // The filtered table says how many of the list's steps it shows.
    expect(await page.textContent('#overdue-block .app-table-count')).toContain(`(${overdue} before the filter)`);
    await checkLook('caseworker-leader-filtered');
  });

  it('loads for a leader (its time printed), its HTML under 300 KB', async () => {
    const w = await timeAndWeight(`/dashboard/caseworker?la=${LA}`);
    process.stdout.write(
      `caseworker page for a leader (${area.cases} cases): ${w.ms} ms; HTML ${Math.round(w.html / 1024)} KB; ` +
        `${Math.round(w.total / 1024)} KB with what was loaded with it, not from the cache (${w.parts.join(', ')})\n`,
    );
    expect(w.ms).toBeLessThan(PAGE_BROKEN_MS);
    expect(w.html).toBeGreaterThan(0);
    expect(w.html).toBeLessThan(300 * 1024);
  });

  it('at the demo’s size (Hartlepool, about 11,700 cases) loads for a leader in under a second, its HTML under 300 KB', async () => {
    // An LA the size of the demo's (Hartlepool, 805), made from this area's stored evaluations copied
    // 17 times over (about 11,900 cases, in the same mix of steps, states and teams) straight into
    // the tables the page reads. An LA no other file writes: 805 is shared by the run's files, and
    // held 32,000 cases in some orders, which is not the size this checks.
    const copies = 17;
    const la = DEMO_SIZE_LA;
    for (const table of ['case_evaluations', 'case_milestones']) {
      const cols: string[] = (
        await api.db.query(
          `SELECT column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' AND is_identity = 'NO'
           ORDER BY ordinal_position`,
          [table],
        )
      ).map((r: { column_name: string }) => r.column_name);
      const values = cols.map((c) => (c === 'la_code' ? `'${la}'` : c === 'case_ref' ? `t.case_ref || '-' || k` : `t.${c}`));
      await api.db.query(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${values.join(', ')} FROM ${table} t, generate_series(1, ${copies}) k
         WHERE t.la_code = $1`,
        [LA],
      );
    }
    await api.db.query('ANALYZE case_evaluations; ANALYZE case_milestones');
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM case_evaluations WHERE la_code = $1`, [la]);
    expect(n).toBeGreaterThan(11000);
    const u = await api.user('leader', [la]);
    await browser.context.clearCookies();
    await browser.page.goto('/sign-in');
    await browser.page.fill('#email', u.email);
    await browser.page.fill('#password', u.password);
    await Promise.all([
      browser.page.waitForURL((url) => url.pathname !== '/sign-in'),
      browser.page.click('form[action="/sign-in"] button'),
    ]);
    const w = await timeAndWeight(`/dashboard/caseworker?la=${la}`);
    const shown = await stats();
    process.stdout.write(
      `caseworker page for a leader at the demo's size (${n} cases; ${shown.join(' / ')} steps): ${w.ms} ms; ` +
        `HTML ${Math.round(w.html / 1024)} KB; loaded with it, not from the cache: ${w.parts.join(', ')}\n`,
    );
    expect(shown.reduce((a, b) => a + b, 0)).toBeGreaterThan(2000); // past the old limit of 2,000 rows
    expect(w.ms).toBeLessThan(PAGE_BROKEN_MS);
    expect(w.html).toBeLessThan(300 * 1024);
  });

  it('fits the chooser on a phone, and ran without a script error', async () => {
    const page = browser.page;
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.$$eval('.app-filters .govuk-select', (ss: PageElement[]) =>
      ss.map((s) => (s as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect().right),
    );
    for (const right of widths) expect(right).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => (globalThis as PageGlobal).innerWidth)).toBe(390);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
