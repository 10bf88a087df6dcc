// EHC timeliness (/dashboard/ehc-timeliness) in a real browser, for every role (all may open it):
// the month range and need chosen with GOV.UK selects, the monthly trend chart with its table and
// its summary in words, the by-need chart and table in plain words, CSV of each table, axe, a 390 px
// phone, time and weight. Screenshots: test-artifacts/screenshots/ehc-timeliness-<role>-<width>.png.
import type { UserRole } from '@app/access';
import { addMonths, todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import { axeViolations, canvasInk, pageOverflows, parseCsv, type PageElement, type TestBrowser } from './support/browser';
import { PAGE_BROKEN_MS } from './support/browser-suite';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '823'; // this file's own LA
const today = todayInLondon(new Date());

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'ehc', cases: 500, pageErrors });
  ({ api, browser, area } = suite);
}, 180000);

afterAll(() => suite?.close());

async function signInAs(role: UserRole, staffRef?: string): Promise<void> {
  const u = await api.user(role, role === 'admin' ? [] : [LA], staffRef);
  const page = browser.page;
  await browser.context.clearCookies();
  await page.goto('/sign-in');
  await page.fill('#email', u.email);
  await page.fill('#password', u.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.click('form[action="/sign-in"] button')]);
}

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

async function csvOf(id: string): Promise<string[][]> {
  const href = await browser.page.getAttribute(`#${id}-block a[download]`, 'href');
  const res = await browser.page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  return parseCsv(await res.text());
}

async function expectChart(selector: string): Promise<void> {
  const ink = await canvasInk(browser.page, selector);
  expect(ink.chart).toBe(true);
  expect(ink.inked).toBeGreaterThan(ink.total / 100);
}

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
  await expectChart('#ehc-months-chart');
  expect(await axeViolations(page, `${name}-1280`)).toEqual([]);
  // At 1280 px every table fits its box: the last column's header is not cut off.
  const cut = await page.$$eval('.app-table-scroll', (boxes: PageElement[]) =>
    boxes
      .map((b) => b as unknown as { scrollWidth: number; clientWidth: number; getAttribute(n: string): string | null })
      .filter((b) => b.scrollWidth > b.clientWidth)
      .map((b) => `${b.getAttribute('aria-labelledby')}: ${b.scrollWidth} px in ${b.clientWidth} px`),
  );
  expect(cut).toEqual([]);
  await browser.screenshot(`${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); // Chart.js redraws on resize
  expect(await widerThanScreen()).toEqual([]);
  expect(await pageOverflows(page)).toBe(false);
  expect(await axeViolations(page, `${name}-390`)).toEqual([]);
  await browser.screenshot(`${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const ROLES: [UserRole, (() => string) | undefined][] = [
  ['caseworker', () => area.caseworker],
  ['team_manager', () => `TM-${LA}-${area.team.toUpperCase()}`],
  ['commissioner', undefined],
  ['leader', undefined],
  ['admin', undefined],
];

describe('EHC timeliness in a browser', () => {
  it('shows twelve months, the plans they add up to, both charts, the summary in words, and CSV of each table', async () => {
    const page = browser.page;
    await signInAs('leader');
    await page.goto(`/dashboard/ehc-timeliness?la=${LA}`);
    await expectChart('#ehc-months-chart');
    await expectChart('#ehc-needs-chart');
    const months = await rows('months');
    expect(months).toHaveLength(12);
    const issued = months.reduce((a, r) => a + Number(r[1]), 0);
    expect(issued).toBeGreaterThan(0);
    expect(await page.textContent('.app-stat:first-child .app-stat__value')).toBe(String(issued));
    // The trend in words beside the chart.
    const summary = (await page.textContent('#ehc-months-chart-figure .app-chart__summary'))!;
    expect(summary).toContain(`${issued} final plan`);
    expect(summary).toMatch(/within 20 weeks excluding exceptions/);
    // Needs in words: no code on the page.
    const needs = await rows('needs');
    expect(needs.reduce((a, r) => a + Number(r[1]), 0)).toBe(issued);
    const main = (await page.textContent('main'))!;
    expect(main).not.toMatch(/\b(SPLD|MLD|SLD|PMLD|SEMH|SLCN|HI|VI|MSI|PD|ASD|DS|OTH|NSA)\b/);
    // CSV of each table: every row, codes and ISO months for machines.
    const monthsCsv = await csvOf('months');
    expect(monthsCsv[0]).toEqual(['month', 'plansIssued', 'within20WeeksInclPct', 'within20WeeksExclPct', 'medianWeeks']);
    expect(monthsCsv.slice(1).map((r) => r[0])).toEqual(
      Array.from({ length: 12 }, (_, k) => addMonths(`${today.slice(0, 7)}-01`, k - 11).slice(0, 7)),
    );
    const needsCsv = await csvOf('needs');
    expect(needsCsv.slice(1).reduce((a, r) => a + Number(r[1]), 0)).toBe(issued);
  });

  it('chooses a need and a shorter range with the form; the months add up to that need’s row', async () => {
    const page = browser.page;
    await page.goto(`/dashboard/ehc-timeliness?la=${LA}`);
    const needs = await rows('needs');
    const first = needs[0];
    const code = await page.$eval(
      '#need',
      (s: PageElement, name: string) =>
        Array.from((s as unknown as { options: ArrayLike<{ value: string; text: string }> }).options).find((o) => o.text === name)!.value,
      first[0],
    );
    await page.selectOption('#need', code);
    await Promise.all([page.waitForURL(new RegExp(`need=${code}`)), page.click('main form.app-filters button')]);
    await expectChart('#ehc-months-chart');
    expect((await rows('months')).reduce((a, r) => a + Number(r[1]), 0)).toBe(Number(first[1]));
    expect(await page.textContent('#months-heading')).toContain(first[0]);

    const from = addMonths(`${today.slice(0, 7)}-01`, -2).slice(0, 7);
    await page.selectOption('#from', from);
    await page.selectOption('#need', '');
    await Promise.all([page.waitForURL(new RegExp(`from=${from}`)), page.click('main form.app-filters button')]);
    expect(await rows('months')).toHaveLength(3);
    expect(await page.inputValue('#from')).toBe(from);
    // Months chosen the wrong way round read as the range they name.
    await page.goto(`/dashboard/ehc-timeliness?la=${LA}&from=${today.slice(0, 7)}&to=${from}`);
    expect(await rows('months')).toHaveLength(3);
    expect([await page.inputValue('#from'), await page.inputValue('#to')]).toEqual([from, today.slice(0, 7)]);
  });

  it('loads (its time printed), its HTML under 300 KB', async () => {
    const page = browser.page;
    const parts: { path: string; bytes: number }[] = [];
    const onResponse = async (r: { url(): string; body(): Promise<Buffer> }) => {
      parts.push({ path: new URL(r.url()).pathname, bytes: (await r.body().catch(() => Buffer.alloc(0))).length });
    };
    page.on('response', onResponse);
    const started = Date.now();
    await page.goto(`/dashboard/ehc-timeliness?la=${LA}`, { waitUntil: 'load' });
    const ms = Date.now() - started;
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    const html = parts.find((p) => p.path === '/dashboard/ehc-timeliness')!.bytes;
    process.stdout.write(
      `EHC timeliness page: ${ms} ms; HTML ${Math.round(html / 1024)} KB; loaded with it, not from the cache: ` +
        `${parts.map((p) => `${p.path.split('/').pop()} ${Math.round(p.bytes / 1024)} KB`).join(', ')}\n`,
    );
    expect(ms).toBeLessThan(PAGE_BROKEN_MS);
    expect(html).toBeLessThan(300 * 1024);
  });

  it.each(ROLES)('passes axe and fits a phone for a %s', async (role, staffRef) => {
    await signInAs(role, staffRef?.());
    await browser.page.goto(`/dashboard/ehc-timeliness?la=${LA}`);
    await checkLook(`ehc-timeliness-${role}`);
  });

  it('ran without a script error', () => {
    expect(pageErrors).toEqual([]);
  });
});
