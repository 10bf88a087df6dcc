// The commissioner page (waiting lists) in a real browser, for every role that may open it:
// targets in words (name, measure with its unit, figure, line from start to goal, amber's tolerance,
// on or off track), charts drawn with a summary and a table, x axes labelled at real dates only,
// sort, filter and CSV through the server, axe WCAG 2.2 AA clean, no sideways scroll at 390 px,
// within 300 KB, its load time printed. Screenshots: test-artifacts/screenshots/commissioner-<role>-<width>.png.
import { addMonths, todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import {
  axeViolations,
  canvasInk,
  pageOverflows,
  parseCsv,
  signIn,
  type PageElement,
  type PageGlobal,
  type TestBrowser,
} from './support/browser';
import { PAGE_BROKEN_MS } from './support/browser-suite';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '925'; // this file's own LA
const today = todayInLondon(new Date());

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'comm', cases: 300, pageErrors });
  ({ api, browser, area } = suite);
}, 180000);

afterAll(() => suite?.close());

const path = (pathway: string) => `/dashboard/commissioner?la=${LA}&pathway=${pathway}`;

async function signInAs(role: 'commissioner' | 'leader' | 'team_manager', to: string): Promise<void> {
  const staffRef = role === 'team_manager' ? `TM-${LA}-${area.team.toUpperCase()}` : undefined;
  const user = await api.user(role, [LA], staffRef);
  await signIn(browser, to, user.email, user.password);
}

const texts = (selector: string) =>
  browser.page.$$eval(selector, (els: PageElement[]) =>
    els.map((e) =>
      String(e.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );

/** A table's rows on the page, as cell texts. */
const tableRows = (id: string) =>
  browser.page.$$eval(`#${id} tbody tr`, (rows: PageElement[]) =>
    rows.map((r) =>
      Array.from(r.children).map((c) =>
        String(c.textContent ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    ),
  );

/** The summary card of the target whose name is given: its rows as key -> value, and its tag. */
async function targetCard(title: string): Promise<{ tag: string; rows: Record<string, string> }> {
  const card = browser.page.locator('.app-target', { has: browser.page.locator('.govuk-summary-card__title', { hasText: title }) });
  const keys = (await card.locator('.govuk-summary-list__key').allTextContents()).map((s) => s.trim());
  const values = (await card.locator('.govuk-summary-list__value').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
  return {
    tag: (await card.locator('.app-target__tag').textContent())!.trim(),
    rows: Object.fromEntries(keys.map((k, i) => [k, values[i]])),
  };
}

/** The x axis's labelled values of a drawn chart. */
const xTicks = (canvas: string) =>
  browser.page.evaluate((sel) => {
    type Drawn = { scales: { x: { ticks: { value: number }[] } } };
    const g = globalThis as PageGlobal & { Chart: { getChart(c: unknown): Drawn } };
    return g.Chart.getChart(g.document.querySelector(sel)).scales.x.ticks.map((t) => t.value);
  }, canvas);

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000);

describe('the commissioner page (browser)', () => {
  it('gives each target in words: name, measure with its unit, figure, line from start to goal, tolerance, verdict', async () => {
    const page = browser.page;
    await signInAs('commissioner', path('slt'));
    expect(await page.textContent('h1')).toBe('Waiting lists: Speech and language therapy');
    const html = await page.content();
    for (const code of ['slt-within-18-weeks', 'slt-nobody-over-52-weeks', 'waiting_within', 'waiting_over', 'n/a'])
      expect(html).not.toContain(code);

    const pct = await targetCard('Speech and language therapy: at least 92% of children waiting under 18 weeks');
    expect(pct.rows['Measure']).toBe('% of children waiting under 18 weeks');
    expect(pct.rows['Goal']).toMatch(/^At least 92% by 31 Mar 2027$/);
    expect(pct.rows['Trajectory']).toMatch(/^From 75% on 30 Sep 2026, through 84% on 31 Dec 2026, to 92% by 31 Mar 2027/);
    expect(pct.rows['Tolerance']).toMatch(
      /^Amber: up to 5% short of the trajectory; red: further off\. Today that is [\d.]+ percentage points?\.$/,
    );
    expect(Object.entries(pct.rows).find(([k]) => k.startsWith('Figure on'))![1]).toMatch(/^[\d.]+%$/);
    expect(pct.rows['Verdict']).toMatch(
      /^(Green\. On track(: [\d.]+ percentage points? better than the trajectory)?\.|(Amber|Red)\. Off track by [\d.]+ percentage points?(, within amber's tolerance)?\.)$/,
    );

    // The over-52-weeks target runs from the figure when it was set (today's snapshot) to none by
    // the deadline: on the day it starts, the LA is on its line, not red.
    const over = await targetCard('Speech and language therapy: no children waiting 52 weeks or more');
    expect(over.rows['Goal']).toBe('None by 31 Mar 2027');
    const [, start] = /^From (\d+) (?:child|children) on /.exec(over.rows['Trajectory'])!;
    const [stored] = await api.db.query(
      `SELECT (measures->'waitingList'->>'overMax')::int AS n FROM measure_snapshots
       WHERE la_code = $1 AND pathway = 'slt' AND need_code = 'all' AND snapshot_on = $2`,
      [LA, today],
    );
    expect(Number(start)).toBe(stored.n);
    expect(over.rows['Trajectory']).toMatch(/to 0 children by 31 Mar 2027, in a straight line between these\.$/);
    expect(over.tag).toBe('Green');
    expect(over.rows['Verdict']).toBe('Green. On track.');

    // Every target's chart is drawn, says what it shows, and has its figures as a table.
    const charts = await page.$$eval('.app-target canvas', (cs: PageElement[]) => cs.map((c) => `#${c.id}`));
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      const ink = await canvasInk(page, c);
      expect(ink.chart).toBe(true);
      expect(ink.inked).toBeGreaterThan(ink.total / 100);
    }
    const [{ n: dates }] = await api.db.query(
      // The page's 12 months (a weekly summary also stores the Monday a year before its own).
      `SELECT count(*)::int AS n FROM measure_snapshots WHERE la_code = $1 AND pathway = 'slt' AND need_code = 'all' AND snapshot_on >= $2`,
      [LA, addMonths(today, -12)],
    );
    expect(dates).toBeGreaterThanOrEqual(area.snapshotDates.length);
    expect(await texts('.app-target .app-chart__summary')).toEqual([
      expect.stringMatching(new RegExp(`^Line chart of the % of children waiting under 18 weeks at ${dates} dates, [\\d.]+% on `)),
      expect.stringMatching(
        new RegExp(`^Line chart of the children waiting 52 weeks or more at ${dates} dates, \\d+ (child|children) on `),
      ),
    ]);
    const card = page.locator('.app-target').nth(1);
    await card.locator('details summary').click();
    const figures = await card.locator('details tbody tr').allTextContents();
    // Every stored date, and the deadline with its goal.
    expect(figures.length).toBe(dates + 1);
    expect(figures[figures.length - 1].replace(/\s+/g, ' ').trim()).toBe('31 Mar 2027 0 children');
  });

  it('labels the time lines only at real snapshot dates, and draws the bands with words', async () => {
    const page = browser.page;
    await signInAs('commissioner', path('neurodevelopmental'));
    const stored: { on: string }[] = await api.db.query(
      `SELECT DISTINCT snapshot_on::text AS on FROM measure_snapshots WHERE la_code = $1 AND pathway = 'neurodevelopmental'`,
      [LA],
    );
    const snapshotDays = new Set(stored.map((r) => dayNumber(r.on)));
    const waits = await xTicks('#waits-chart');
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.length).toBeLessThanOrEqual(6);
    for (const d of waits) expect(snapshotDays.has(d)).toBe(true);
    // A target's chart: the stored dates and its line's own (60% by 30 Sep, 75% by 31 Dec, 92% by 31 Mar).
    const lineDays = ['2026-09-30', '2026-12-31', '2027-03-31'].map(dayNumber);
    const target = await xTicks('.app-target canvas');
    expect(target.length).toBeLessThanOrEqual(5);
    for (const d of target) expect(snapshotDays.has(d) || lineDays.includes(d)).toBe(true);
    expect(await page.textContent('#bands-chart-figure .app-chart__summary')).toMatch(/^Bar chart of the \d+ children waiting on/);
    const bands = await tableRows('bands');
    expect(bands.map((r) => r[0])).toEqual([
      'Under 1 week',
      '1 to under 2 weeks',
      '2 to under 4 weeks',
      '4 to under 12 weeks',
      '12 to under 18 weeks',
      '18 to under 52 weeks',
      '52 weeks or more',
    ]);
    // ND's target is 13 weeks: 12 to under 18 straddles it.
    expect(bands[4][2]).toBe('Partly past the target');
    const waiting = bands.reduce((a, r) => a + Number(r[1]), 0);
    expect(await page.textContent('.app-stat:first-child .app-stat__value')).toBe(String(waiting));
  });

  it('sorts, filters and downloads through the server, and switches waiting list', async () => {
    const page = browser.page;
    await signInAs('leader', path('slt'));
    const before = await tableRows('longest');
    expect(before.length).toBeGreaterThan(1);
    await Promise.all([page.waitForURL(/sort=daysWaited/), page.click('#longest thead a:text("Days waited")')]);
    const asc = (await tableRows('longest')).map((r) => Number(r[3]));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await page.fill('#longest-q', before[0][0]);
    await Promise.all([page.waitForURL(/q=/), page.click('#longest-block button:text("Find")')]);
    expect((await tableRows('longest')).map((r) => r[0])).toEqual([before[0][0]]);
    const href = await page.getAttribute('#longest-block a[download]', 'href');
    const csv = parseCsv(await (await page.request.get(href!)).text());
    expect(csv[0]).toEqual(['caseRef', 'clockStartOn', 'completedWeeks', 'daysWaited']);
    expect(csv.slice(1).map((r) => r[0])).toEqual([before[0][0]]);
    await page.click('.app-subnav a:text("Neurodevelopmental (autism/ADHD)")');
    await page.waitForURL(/pathway=neurodevelopmental/);
    expect(await page.textContent('h1')).toBe('Waiting lists: Neurodevelopmental (autism/ADHD)');
    expect(await page.getAttribute('.app-subnav a[aria-current="page"]', 'href')).toContain('pathway=neurodevelopmental');
  });

  it.each(['commissioner', 'leader', 'team_manager'] as const)(
    'passes axe, fits a 390 px phone, and loads within 300 KB (its time printed) for a %s',
    async (role) => {
      const page = browser.page;
      await signInAs(role, path('slt'));
      for (const pathway of ['slt', 'neurodevelopmental']) {
        const started = Date.now();
        expect((await page.goto(path(pathway)))!.status()).toBe(200);
        await page.waitForFunction(() => !(globalThis as PageGlobal).document.querySelector('canvas[data-chart]:not([data-drawn])'));
        const took = Date.now() - started;
        console.log(`commissioner page (${pathway}): ${took} ms`);
        expect(took).toBeLessThan(PAGE_BROKEN_MS);
        // The page itself, and what this load fetched: the shared assets (Chart.js, GOV.UK Frontend's
        // CSS, JS and fonts) come from the cache after the first page.
        const [html, fetched] = await page.evaluate(() => {
          type Timing = { transferSize: number; decodedBodySize: number };
          const p = (globalThis as unknown as { performance: { getEntriesByType(t: string): Timing[] } }).performance;
          const [doc] = p.getEntriesByType('navigation');
          return [doc.decodedBodySize, [doc, ...p.getEntriesByType('resource')].reduce((a, e) => a + e.transferSize, 0)];
        });
        expect(html).toBeLessThan(300 * 1024);
        expect(fetched).toBeLessThan(300 * 1024);
        expect(await axeViolations(page, `commissioner-${pathway}-${role}`)).toEqual([]);
        await page.setViewportSize({ width: 390, height: 844 });
        expect(await pageOverflows(page)).toBe(false);
        if (pathway === 'slt') await browser.screenshot(`commissioner-${role}-390`);
        await page.setViewportSize({ width: 1280, height: 900 });
        if (pathway === 'slt') await browser.screenshot(`commissioner-${role}-1280`);
      }
    },
  );

  it('ran without a script error', () => {
    expect(pageErrors).toEqual([]);
  });
});
