// The leaders' weekly summary page in a real browser (Debian's chromium through playwright-core), for
// every role that may open it: the board's sections in order, weeks in words, the longest-overdue
// cases linked to their pages (for those who may open them), the week chooser and previous week,
// the CSV, axe (WCAG 2.2 AA) with no findings, no page-level sideways scroll at 390 px, size and
// speed; screenshots at 1280 and 390 px in test-artifacts/screenshots/leader-<role>-<width>.png.
import type { UserRole } from '@app/access';
import { mondayOf, parseIsoWeek, previousWeek, SummariesService } from '@app/compliance';
import { todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import { axeViolations, pageOverflows, parseCsv, signIn, type PageElement, type TestBrowser } from './support/browser';
import { PAGE_BROKEN_MS } from './support/browser-suite';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '919'; // this file's own LA (no other file seeds it)
const today = todayInLondon(new Date());
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const inWords = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const mondayOfWeek = (week: string) => mondayOf(parseIsoWeek(week)!);

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'lead', cases: 300, pageErrors });
  ({ api, browser, area } = suite);
}, 180000);

afterAll(() => suite?.close());

const texts = (selector: string) =>
  browser.page.$$eval(selector, (els: PageElement[]) =>
    els.map((e) =>
      String(e.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );

/** Screenshots at 1280 and 390 px; whether the page scrolled sideways as a whole at 390 px. */
async function photograph(name: string): Promise<boolean> {
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  await browser.screenshot(`${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  const overflows = await pageOverflows(page);
  await browser.screenshot(`${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
  return overflows;
}

const SECTIONS = [
  'The 20-week figure',
  'Where the year is heading',
  'What changed since last week',
  'Targets off track',
  'The ten longest-overdue cases',
  'The rest',
];

describe.each<[UserRole, boolean]>([
  ['leader', true],
  ['team_manager', true],
  ['commissioner', false],
])('the weekly summary page for a %s', (role, opensCases) => {
  it('is a board page in the mail’s order, with weeks in words, passing axe and fitting a phone', async () => {
    const page = browser.page;
    const user = await api.user(role, [LA], role === 'team_manager' ? `TM-${LA}-${area.team.toUpperCase()}` : undefined);
    const path = `/dashboard/leader?la=${LA}`;
    await signIn(browser, path, user.email, user.password);
    const started = Date.now();
    const res = await page.goto(path);
    const elapsed = Date.now() - started;
    console.log(`weekly summary page for a ${role}: ${elapsed} ms`);
    expect(res!.status()).toBe(200);
    expect(elapsed).toBeLessThan(PAGE_BROKEN_MS);
    expect((await res!.body()).length).toBeLessThan(300 * 1024);

    const weekStart = mondayOfWeek(area.week);
    expect(await page.textContent('h1')).toBe(`Weekly summary: week beginning ${inWords(weekStart)}`);
    const main = (await page.textContent('main'))!;
    expect(main).not.toMatch(/\d{4}-W\d{2}/);
    expect(main).not.toContain('n/a');
    expect(await page.$$('main canvas')).toHaveLength(0);
    expect(await texts('main h2')).toEqual(SECTIONS);

    // The headline: this year, a year earlier, England.
    const stats = await texts('.app-stat__label');
    expect(stats[0]).toBe(`12 months to ${inWords(weekStart)}`);
    expect(stats[2]).toMatch(/^England, \d{4} \(published\)$/);
    expect((await texts('#headline-table tbody th'))[0]).toBe('Excluding exceptions (as the DfE publishes it)');

    // The ten longest overdue, oldest first, each with its step in words and an owner.
    const rows = await page.$$eval('#overdue tbody tr', (trs: PageElement[]) =>
      trs.map((tr) => Array.from(tr.children).map((c) => String(c.textContent ?? '').trim())),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(10);
    for (const r of rows) {
      expect(r[1]).not.toMatch(/_/);
      expect(r[2]).toMatch(/^\d+ (weeks?|days?)\s*was due \d{1,2} [A-Z][a-z]+ \d{4}$/);
      expect(r[3]).not.toBe('');
    }
    const links = await page.$$eval('#overdue tbody th a', (as: PageElement[]) => as.map((a) => a.getAttribute('href')!));
    expect(links.length).toBe(opensCases ? rows.length : 0);
    const csvHref = await page.getAttribute('a[href*="table=overdue"]', 'href');
    const csv = parseCsv(await (await page.request.get(csvHref!)).text());
    expect(csv.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r[0]));

    // Links to the rest: each answers for this role.
    for (const href of await page.$$eval('.app-leader-links a', (as: PageElement[]) => as.map((a) => a.getAttribute('href')!)))
      expect([href, (await page.request.get(href)).status()]).toEqual([href, 200]);

    expect(await axeViolations(page, `leader-${role}`)).toEqual([]);
    expect(await photograph(`leader-${role}`)).toBe(false);

    if (opensCases) {
      await Promise.all([page.waitForURL(/\/dashboard\/cases\//), page.click('#overdue tbody th a >> nth=0')]);
      expect(page.url()).toContain(links[0]);
      expect((await page.goto(path))!.status()).toBe(200);
    }
    expect(pageErrors).toEqual([]);
  });
});

describe('choosing a week', () => {
  it('goes to the previous week by its link and back by the select, with the address keeping the ISO week', async () => {
    const page = browser.page;
    const user = await api.user('leader', [LA]);
    await signIn(browser, `/dashboard/leader?la=${LA}`, user.email, user.password);
    const last = previousWeek(area.week);
    await Promise.all([page.waitForURL(/week=/), page.click('.govuk-pagination__prev a')]);
    expect(new URL(page.url()).searchParams.get('week')).toBe(last);
    expect(await page.textContent('h1')).toBe(`Weekly summary: week beginning ${inWords(mondayOfWeek(last))}`);

    await page.selectOption('#week', area.week);
    await Promise.all([page.waitForURL(new RegExp(`week=${area.week}`)), page.click('.app-leader-weeks__form button')]);
    expect(await page.textContent('h1')).toBe(`Weekly summary: week beginning ${inWords(mondayOfWeek(area.week))}`);
    expect(await texts('#week option')).toContain(`Week beginning ${inWords(mondayOfWeek(last))}`);

    // A week with nothing stored says so, in words.
    const none = await page.goto(`/dashboard/leader?la=${LA}&week=2020-W10`);
    expect(none!.status()).toBe(200);
    expect(await page.textContent('main')).toContain('No summary has been stored for the week beginning 2 March 2020 yet.');
    expect(await axeViolations(page, 'leader-no-summary')).toEqual([]);
  });

  it('shows the same headline and longest-overdue cases as the stored summary the mail was built from', async () => {
    const stored = await api.app.get(SummariesService).get(LA, area.week);
    const page = browser.page;
    await page.goto(`/dashboard/leader?la=${LA}&week=${area.week}`);
    const refs = await texts('#overdue tbody th');
    expect(refs).toEqual(stored!.figures.overdueCases!.map((c) => c.caseRef));
    const headline = stored!.figures.headline!.thisYear.excluding;
    expect((await texts('.app-stat__value'))[0]).toBe(headline?.percent == null ? 'No figure' : `${headline.percent.toFixed(1)}%`);
    expect(stored!.html).toContain('The ten longest-overdue cases</h2>');
  });
});
