// The dashboards in a real browser (Debian's chromium through playwright-core): a synthetic LA is
// ingested through the API, computed by the real worker, and every page is opened, clicked through
// and photographed (test-artifacts/screenshots/).
import { weekStart } from '@app/compliance';
import { todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import { canvasInk, parseCsv, signIn, type PageElement, type PageGlobal, type TestBrowser } from './support/browser';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '938'; // this file's own LA
const today = todayInLondon(new Date());

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
/** Script errors and console errors of every page opened (CSP refusals would land here too). */
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'page', pageErrors });
  ({ api, browser, area } = suite);
}, 120000);

/** Signs in through the form as a new person of that role in this LA (staff reference for caseworkers). */
async function signInAs(role: 'caseworker' | 'commissioner' | 'leader', path: string, staffRef?: string): Promise<void> {
  const user = await api.user(role, [LA], staffRef);
  await signIn(browser, path, user.email, user.password);
}

afterAll(() => suite?.close());

/** The rows of a table drawn by views/macros/table.njk (one page of them) as cell texts. */
async function templateRows(tableId: string): Promise<string[][]> {
  return browser.page.$$eval(`#${tableId} tbody tr`, (rows: PageElement[]) =>
    rows.map((r) =>
      Array.from(r.children).map((c) =>
        String(c.textContent ?? '')
          .trim()
          .replace(/\s+/g, ' '),
      ),
    ),
  );
}

/** A template table's CSV download, fetched with the browser's cookies. */
async function templateCsv(tableId: string): Promise<string[][]> {
  const res = await browser.page.request.get((await browser.page.getAttribute(`#${tableId}-block a[download]`, 'href'))!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  return parseCsv(await res.text());
}

async function expectChart(selector: string): Promise<void> {
  const ink = await canvasInk(browser.page, selector);
  expect(ink.chart).toBe(true);
  expect(ink.inked).toBeGreaterThan(ink.total / 100);
}

describe('dashboards in a real browser', () => {
  it('lists the dashboards for the LA, with a skip link and its stylesheet', async () => {
    const page = browser.page;
    // The caseworker holding the overdue case signs in; the page asked for comes back after.
    await signInAs('caseworker', `/dashboard?la=${LA}`, area.caseworker);
    expect(await page.title()).toContain('SEND timeliness dashboards');
    // The views a caseworker may open, each keeping the LA; the others are not offered to them.
    for (const name of ['My cases', 'EHC timeliness']) {
      expect(await page.locator('main .app-dashboard-list a', { hasText: name }).getAttribute('href')).toContain(`la=${LA}`);
    }
    for (const name of ['Waiting lists', 'Weekly summary']) {
      expect(await page.locator('main .app-dashboard-list a', { hasText: name }).count()).toBe(0);
    }
    // GOV.UK Frontend's stylesheet is applied (the generic header is black).
    expect(
      await page.evaluate<string>(
        () =>
          (globalThis as PageGlobal).getComputedStyle((globalThis as PageGlobal).document.querySelector('.govuk-generic-header')!)
            .backgroundColor,
      ),
    ).toBe('rgb(11, 12, 12)');
    await browser.screenshot('dashboard-index');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null | undefined>(() => (globalThis as PageGlobal).document.activeElement?.textContent)).toBe(
      'Skip to main content',
    );
  });

  it("shows the overdue case in its caseworker's own table, sorts it from the keyboard, and downloads the rows shown", async () => {
    const page = browser.page;
    // "My cases": the signed-in caseworker's own, with no assignee in the address.
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    expect(await page.textContent('main .govuk-body-l')).toContain(`Cases of ${area.caseworker}`);
    const overdue = await templateRows('overdue');
    const mine = overdue.filter((r) => r[0] === area.overdueCase);
    expect(mine.map((r) => r[1])).toEqual(expect.arrayContaining(['Decision whether to assess (6 weeks)', 'Final plan (20 weeks)']));
    expect(mine.find((r) => r[1] === 'Final plan (20 weeks)')![3]).toBe('60');
    await browser.screenshot('caseworker');

    // Keyboard: focus the 'Days overdue' sort link and press Enter (twice); the server sorts.
    await page.focus('#overdue th a:has-text("Days overdue")');
    await Promise.all([page.waitForURL(/sort=daysOverdue/), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('#overdue th:has-text("Days overdue")', 'aria-sort')).toBe('ascending');
    const ascending = (await templateRows('overdue')).map((r) => Number(r[3]));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.focus('#overdue th a:has-text("Days overdue")');
    await Promise.all([page.waitForURL(/dir=desc/), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('#overdue th:has-text("Days overdue")', 'aria-sort')).toBe('descending');
    const shown = await templateRows('overdue');
    expect(shown.map((r) => Number(r[3]))).toEqual([...ascending].sort((a, b) => b - a));

    // The CSV has the rows shown, in the order shown.
    const csv = await templateCsv('overdue');
    expect(csv[0]).toEqual(['caseRef', 'step', 'dueOn', 'daysOverdue', 'team', 'heldBy', 'openAlerts']);
    expect(csv.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual(shown.map((r) => [r[0], r[1], r[3]]));

    // Finding narrows the table and the download alike.
    await page.fill('#overdue-q', area.overdueCase);
    await Promise.all([page.waitForURL(/q=/), page.click('#overdue-block form button')]);
    const filtered = await templateRows('overdue');
    expect(filtered.length).toBeGreaterThanOrEqual(2);
    expect(filtered.every((r) => r[0] === area.overdueCase)).toBe(true);
    expect((await templateCsv('overdue')).slice(1).map((r) => r[0])).toEqual(filtered.map((r) => r[0]));
  });

  it('filters by team with the form, keeping the filters in the CSV link', async () => {
    const page = browser.page;
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    await page.selectOption('#assignee', '');
    await page.selectOption('#team', 'nd');
    await Promise.all([page.waitForURL(/team=nd/), page.click('button:has-text("Show cases")')]);
    const teams = new Set((await templateRows('overdue')).map((r) => r[4]));
    expect([...teams]).toEqual(['Neurodevelopmental']);
    expect(await page.getAttribute('#overdue-block a[download]', 'href')).toContain('team=nd');
    const csv = await templateCsv('overdue');
    expect(new Set(csv.slice(1).map((r) => r[4]))).toEqual(new Set(['nd']));
  });

  it('opens the case: milestones drawn against due dates, and an alert acknowledged from the page by whoever is signed in', async () => {
    const page = browser.page;
    await page.goto(`/dashboard/caseworker?la=${LA}`);
    await Promise.all([page.waitForURL(/\/dashboard\/cases\//), page.click(`#overdue a:text-is("${area.overdueCase}")`)]);
    expect(await page.textContent('h1')).toBe(`Case ${area.overdueCase}`);
    await expectChart('#case-milestones-chart');
    // The case page is a template now (test/pages-case.e2e-spec.ts checks it for every role).
    const cells = (selector: string) =>
      page.$$eval(selector, (rows: PageElement[]) =>
        rows.map((r) =>
          Array.from(r.children).map((c) =>
            String(c.textContent ?? '')
              .trim()
              .replace(/\s+/g, ' '),
          ),
        ),
      );
    const milestones = await cells('#milestones tbody tr');
    expect(milestones.find((r) => r[0] === 'Final plan (20 weeks)')![4]).toBe('Overdue');
    expect((await cells('#timeline tbody tr')).map((r) => r[1])).toEqual(['Request for assessment received', 'Advice requested']);
    await browser.screenshot('case');

    const card = page.locator('.app-alert', { hasText: '20-week limit breached: Final plan (20 weeks)' });
    expect((await card.locator('.govuk-tag').textContent())!.trim()).toBe('Open');
    const id = (await card.getAttribute('id'))!.replace('alert-', '');
    await Promise.all([page.waitForURL(/acknowledged=/), card.locator('button', { hasText: 'Acknowledge' }).click()]);
    expect((await page.textContent('.govuk-notification-banner__heading'))!.trim()).toBe('Alert acknowledged');
    const after = page.locator(`#alert-${id}`);
    expect((await after.locator('.govuk-tag').textContent())!.trim()).toBe('Acknowledged');
    expect((await after.textContent())!.replace(/\s+/g, ' ')).toContain(`Acknowledged by ${area.caseworker}`);
    const [row] = await api.db.query(`SELECT acknowledged_by, acknowledged_at FROM alerts WHERE la_code = $1 AND alert_id = $2`, [LA, id]);
    expect(row.acknowledged_by).toBe(area.caseworker);
    expect(row.acknowledged_at).not.toBeNull();
    await browser.screenshot('case-acknowledged');
  });

  // The commissioner page's browser checks are in pages-commissioner.e2e-spec.ts.

  it('shows the weekly summary as a board: the 20-week figure, what changed, targets off track, the longest overdue', async () => {
    const page = browser.page;
    await signInAs('leader', `/dashboard/leader?la=${LA}`);
    const monday = new Date(`${weekStart(area.week)}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    expect(await page.textContent('h1')).toBe(`Weekly summary: week beginning ${monday}`);
    const headings = await page.$$eval('main h2', (hs: PageElement[]) => hs.map((h) => String(h.textContent).trim()));
    expect(headings).toEqual([
      'The 20-week figure',
      'Where the year is heading',
      'What changed since last week',
      'Targets off track',
      'The ten longest-overdue cases',
      'The rest',
    ]);
    const overdue = await page.$$eval('#overdue tbody tr', (rows: PageElement[]) => rows.length);
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThanOrEqual(10);
    expect((await page.textContent('main'))!).not.toMatch(/\d{4}-W\d{2}/);
    await browser.screenshot('leader');
  });

  it('shows the monthly trend of both 20-week rates, and by primary need', async () => {
    const page = browser.page;
    await page.goto(`/dashboard/ehc-timeliness?la=${LA}`);
    await expectChart('#ehc-months-chart');
    await expectChart('#ehc-needs-chart');
    const months = await templateRows('months');
    expect(months).toHaveLength(12);
    const issued = months.reduce((a, r) => a + Number(r[1]), 0);
    expect(issued).toBeGreaterThan(0);
    expect(await page.textContent('.app-stat:first-child .app-stat__value')).toBe(String(issued));
    const needs = await templateRows('needs');
    expect(needs.reduce((a, r) => a + Number(r[1]), 0)).toBe(issued);
    expect((await templateCsv('months')).slice(1)).toHaveLength(12);
    await browser.screenshot('ehc-timeliness');

    // One need's monthly trend (chosen by its name): its months add up to its row in the by-need table.
    await page.selectOption('#need', { label: needs[0][0] });
    await Promise.all([page.waitForURL(/need=/), page.click('main form.app-filters button')]);
    await expectChart('#ehc-months-chart');
    const needMonths = await templateRows('months');
    expect(needMonths.reduce((a, r) => a + Number(r[1]), 0)).toBe(Number(needs[0][1]));
  });

  it('ran every page without a script or console error', () => {
    expect(pageErrors).toEqual([]);
  });

  it('signs out from the header: the session ends and the pages ask to sign in again', async () => {
    const page = browser.page;
    await page.goto(`/dashboard?la=${LA}`);
    await Promise.all([page.waitForURL(/\/sign-in/), page.click('.app-sign-out__button')]);
    await page.goto(`/dashboard/ehc-timeliness?la=${LA}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
