// The "SEND support" and "Alternative provision" pages (issue 15) in a real browser: a synthetic
// area's pupils at SEN support and AP placements in this file's own LA, the nightly snapshot
// computed, then each page as a leader: its figures, tables and CSV, axe at 1280 and 390 px,
// no sideways scroll on a phone; a caseworker is refused both. Screenshots:
// test-artifacts/screenshots/sen-support-1280.png and the like.
import { SnapshotsService, SchoolReturnsRepository } from '@app/compliance';
import { todayInLondon } from '@app/rules';
import { generateSupportCases } from '../apps/ingest-api/src/seed/generate-support';
import { laProfile } from '../apps/ingest-api/src/seed/la-profile';
import { schoolPopulation } from '../apps/ingest-api/src/seed/school-population';
import type { TestApi } from './support/api-app';
import { axeViolations, pageOverflows, parseCsv, type PageElement, type TestBrowser } from './support/browser';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '312'; // this file's own LA
const today = todayInLondon(new Date());

let api: TestApi;
let browser: TestBrowser;
const pageErrors: string[] = [];
let suite: BrowserSuite | undefined;

beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'support', cases: 100, pageErrors });
  ({ api, browser } = suite);
  const events = [...generateSupportCases({ las: [LA], seed: 3, asOf: today, scale: 0.04 })].flat();
  for (let i = 0; i < events.length; i += 5000) {
    const res = await api
      .http()
      .post('/v1/events')
      .send(events.slice(i, i + 5000));
    expect([res.status, res.body.errors]).toEqual([200, undefined]);
  }
  await api.app.get(SchoolReturnsRepository).addSchools(LA, schoolPopulation(laProfile(LA)).schools);
  // The nightly pass, now: the pages read its snapshot.
  await api.app.get(SnapshotsService).compute(LA, today);
}, 300000);

afterAll(() => suite?.close());

async function signInAs(role: 'leader' | 'caseworker'): Promise<void> {
  const u = await api.user(role, [LA]);
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
  return parseCsv(await res.text());
}

async function checkLook(name: string): Promise<void> {
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await axeViolations(page, `${name}-1280`)).toEqual([]);
  await browser.screenshot(`${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await pageOverflows(page)).toBe(false);
  expect(await axeViolations(page, `${name}-390`)).toEqual([]);
  await browser.screenshot(`${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('SEND support and alternative provision pages in a browser', () => {
  it('shows children at SEN support term by term, by need and school, the flags and the overlap, with CSV', async () => {
    const page = browser.page;
    await signInAs('leader');
    await page.goto(`/dashboard/sen-support?la=${LA}`);
    expect(await page.textContent('h1')).toContain('SEND support');
    const terms = await rows('terms');
    expect(terms).toHaveLength(7);
    const now = Number(terms[6][1]);
    expect(now).toBeGreaterThan(0);
    expect((await page.textContent('.app-stat:first-child .app-stat__value'))!.replace(/,/g, '')).toBe(String(now));
    // Needs in words, never codes.
    const needs = await rows('needs');
    expect(needs.reduce((a, r) => a + Number(r[7]), 0)).toBe(now);
    expect(await page.textContent('#needs')).toContain('Speech, language and communication');
    expect(await page.textContent('#overlap')).toMatch(/requests for an EHC needs assessment/);
    // Every school in the CSV (the page shows 50 a page): they add up to the term's count.
    const csv = await csvOf('schools');
    expect(csv[0]).toEqual(['school', 'atSupport', 'reviewOverdue']);
    expect(csv.slice(1).reduce((a, r) => a + Number(r[1]), 0)).toBe(now);
    expect((await rows('schools')).length).toBe(Math.min(50, csv.length - 1));
    await checkLook('sen-support');
  });

  it('shows AP placements open, part-time and unreviewed, by provider, reason and commissioner', async () => {
    const page = browser.page;
    await signInAs('leader');
    await page.goto(`/dashboard/alternative-provision?la=${LA}`);
    expect(await page.textContent('h1')).toContain('Alternative provision');
    const open = Number(await page.textContent('.app-stat:first-child .app-stat__value'));
    expect(open).toBeGreaterThan(0);
    const providers = await rows('providers');
    expect(providers.reduce((a, r) => a + Number(r[1]), 0)).toBe(open);
    expect(await page.textContent('main')).toMatch(/not reviewed for over 6 weeks/);
    await checkLook('alternative-provision');
  });

  it('lists both on the dashboards’ index and refuses them to a caseworker', async () => {
    const page = browser.page;
    await signInAs('leader');
    await page.goto(`/dashboard?la=${LA}`);
    expect(await page.textContent('main')).toContain('SEND support');
    await signInAs('caseworker');
    const res = await page.goto(`/dashboard/sen-support?la=${LA}`);
    expect(res?.status()).toBe(403);
    expect(pageErrors.filter((e) => !/403/.test(e))).toEqual([]);
  });
});
