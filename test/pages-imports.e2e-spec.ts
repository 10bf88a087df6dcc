// Import data (/dashboard/imports) in a real browser, as a team manager would use it: from the
// navigation to the form, upload a synthetic SEN2 return, read the preview (nothing kept yet),
// confirm, follow the progress to "File imported", and find the import listed; a file with a bad
// date refused with its row and field, a form without a file, an SEN2 check, and the refusal of
// other roles. axe at 1280 and 390 px. Screenshots: test-artifacts/screenshots/imports-*.png.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserRole } from '@app/access';
import { todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import { axeViolations, pageOverflows, type PageElement, type TestBrowser } from './support/browser';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';
import { sen2File } from './support/sen2-file';

const LA = '886'; // this file's own LA
const today = todayInLondon(new Date());
const SECRET = 'test-only-secret-for-the-import-page-0123456789';

let api: TestApi;
let browser: TestBrowser;
const pageErrors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'imports-page-'));
const saved = process.env.CHILD_REF_SECRET;

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  process.env.CHILD_REF_SECRET = SECRET;
  suite = await startBrowserSuite({
    la: LA,
    today,
    label: 'imp',
    cases: 50,
    pageErrors,
    expectedConsole: /^Failed to load resource: the server responded with a status of (400|403)/,
  });
  ({ api, browser } = suite);
}, 180000);

afterAll(async () => {
  await suite?.close();
  if (saved === undefined) delete process.env.CHILD_REF_SECRET;
  else process.env.CHILD_REF_SECRET = saved;
});

async function signInAs(role: UserRole): Promise<void> {
  const u = await api.user(role, role === 'admin' ? [] : [LA]);
  const page = browser.page;
  await browser.context.clearCookies();
  await page.goto('/sign-in');
  await page.fill('#email', u.email);
  await page.fill('#password', u.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.click('form[action="/sign-in"] button')]);
}

/** The summary list's rows as [key, value] pairs. */
function summary(): Promise<[string, string][]> {
  return browser.page.$$eval('.govuk-summary-list__row', (rows: PageElement[]) =>
    rows.map((r) => {
      const text = (sel: string) =>
        String((r as unknown as { querySelector(s: string): PageElement | null }).querySelector(sel)?.textContent ?? '')
          .replace(/\s+/g, ' ')
          .trim();
      return [text('.govuk-summary-list__key'), text('.govuk-summary-list__value')] as [string, string];
    }),
  );
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

const number = (s: string | undefined) => Number(String(s).replace(/[^0-9]/g, ''));
const valueOf = (list: [string, string][], key: string) => list.find(([k]) => k === key)?.[1];

/** Accessible and fits a phone, at both widths; a screenshot of each. */
async function looked(name: string): Promise<void> {
  const page = browser.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await axeViolations(page, `${name}-1280`)).toEqual([]);
  await browser.screenshot(`${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await axeViolations(page, `${name}-390`)).toEqual([]);
  expect(await pageOverflows(page)).toBe(false);
  await browser.screenshot(`${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function upload(kind: string, file: string, extra: { profile?: string } = {}): Promise<void> {
  const page = browser.page;
  await page.goto(`/dashboard/imports?la=${LA}`);
  await page.check(`input[name="kind"][value="${kind}"]`);
  if (extra.profile) await page.selectOption('#profile', extra.profile);
  await page.setInputFiles('#file', file);
  await Promise.all([page.waitForURL(/\/dashboard\/imports\/uploads\//), page.click('button:has-text("Check the file")')]);
}

const eventsOfLa = async (): Promise<number> =>
  (await api.db.query(`SELECT count(*)::int AS n FROM events WHERE la_code = $1 AND source = 'import'`, [LA]))[0].n;

describe('Import data page (real browser, real PostgreSQL)', () => {
  it('takes a team manager from the navigation through upload, preview and confirm to the import listed', async () => {
    const page = browser.page;
    await signInAs('team_manager');
    await page.click('.govuk-service-navigation a:has-text("Import data")');
    await page.waitForURL(/\/dashboard\/imports/);
    expect(await page.textContent('h1')).toContain('Import data');
    expect(await rows('imports')).toEqual([]);
    await looked('imports-form');

    const file = sen2File({ la: LA, persons: 60, year: 2025, seed: 'page' });
    const path = join(dir, 'return.xml');
    writeFileSync(path, file.xml);
    await upload('sen2', path);
    await page.waitForSelector('h1:has-text("Check what the import will do")', { timeout: 60000 });
    const preview = await summary();
    const toAdd = number(valueOf(preview, 'New events to add'));
    expect(toAdd).toBeGreaterThan(file.expected.requests);
    expect(number(valueOf(preview, 'New cases to add'))).toBe(file.expected.requests + file.expected.activePlans);
    expect(valueOf(preview, 'EHC needs assessment')).toMatch(/events$/);
    // A preview keeps nothing.
    expect(await eventsOfLa()).toBe(0);
    await looked('imports-preview');

    await page.click('button:has-text("Import this file")');
    await page.waitForSelector('h1:has-text("File imported")', { timeout: 60000 });
    expect(number(valueOf(await summary(), 'New events'))).toBe(toAdd);
    expect(await eventsOfLa()).toBe(toAdd);
    await looked('imports-done');
    // No name, UPN or postcode of the file on the page.
    const html = await page.content();
    for (const id of file.identifiers) expect(html).not.toContain(id);

    await page.click('a:has-text("Back to Import data")');
    const listed = await rows('imports');
    expect(listed).toHaveLength(1);
    expect(listed[0].join(' | ')).toMatch(/SEN2 return \| Imported \| .+@.+ \| [\d,]+ \| [\d,]+ \|/);
    expect(number(listed[0][5])).toBe(toAdd);
  }, 180000);

  it('refuses a file with a date that does not exist, naming its line and field, and keeps nothing', async () => {
    const page = browser.page;
    await signInAs('team_manager');
    // The wide-ehc profile's columns; one row whose decision date is 30 February.
    const header = ['LA', 'Case reference', 'Child reference', 'Request received', 'Primary need', 'Decision to assess', 'Decision'];
    const services = ['EP', 'SLT', 'Health', 'Social care', 'School'];
    header.push(...services.flatMap((s) => [`${s} advice requested`, `${s} advice received`]));
    header.push('Decision to issue', 'Issue decision', 'Draft plan issued', 'Final plan issued', 'Withdrawn');
    const row: Record<string, string> = {
      LA,
      'Case reference': 'IMPBAD-EHC-1',
      'Child reference': 'IMPBAD-C-1',
      'Request received': '2026-01-05',
      'Primary need': 'ASD',
      'Decision to assess': '2026-02-30',
      Decision: 'Assess',
    };
    const csv = [header.join(','), header.map((h) => row[h] ?? '').join(',')].join('\n');
    const path = join(dir, 'bad.csv');
    writeFileSync(path, csv);
    await upload('extract', path, { profile: 'wide-ehc' });
    await page.waitForSelector('h1:has-text("The file was not imported")', { timeout: 60000 });
    const problems = await rows('problems');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0][1]).toBe('2');
    expect(problems[0].join(' ')).toMatch(/Decision to assess/);
    expect(await api.db.query(`SELECT 1 FROM events WHERE case_ref = 'IMPBAD-EHC-1'`)).toEqual([]);
    await looked('imports-refused');
  }, 120000);

  it('asks for a file when the form has none, in the error summary', async () => {
    const page = browser.page;
    await signInAs('team_manager');
    await page.goto(`/dashboard/imports?la=${LA}`);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button:has-text("Check the file")'),
    ]);
    expect(res.status()).toBe(400);
    expect(await page.textContent('.govuk-error-summary')).toContain('Select a file to upload');
    expect(await page.title()).toMatch(/^Error: /);
    await looked('imports-form-error');
  }, 60000);

  it('checks an SEN2 return before it is submitted, side by side with the monitor, and imports nothing', async () => {
    const page = browser.page;
    await signInAs('team_manager');
    const before = await eventsOfLa();
    const file = sen2File({ la: LA, persons: 30, year: 2025, seed: 'check' });
    const path = join(dir, 'check.xml');
    writeFileSync(path, file.xml);
    await upload('sen2-check', path);
    await page.waitForSelector('h1:has-text("SEN2 return checked")', { timeout: 60000 });
    const figures = await page.$$eval('table.govuk-table:not(.app-table) tbody tr', (trs: PageElement[]) =>
      trs.map((tr) => Array.from(tr.children).map((c) => String(c.textContent ?? '').trim())),
    );
    expect(figures[0]).toEqual(['Final plans issued', String(file.expected.plansIssued), expect.any(String)]);
    expect(await page.locator('button:has-text("Import this file")').count()).toBe(0);
    expect(await eventsOfLa()).toBe(before);
    await looked('imports-check');
  }, 120000);

  it('is not offered to caseworkers, and refuses them', async () => {
    const page = browser.page;
    await signInAs('caseworker');
    expect(await page.locator('.govuk-service-navigation a:has-text("Import data")').count()).toBe(0);
    const res = await page.goto(`/dashboard/imports?la=${LA}`);
    expect(res!.status()).toBe(403);
  }, 60000);

  it('ran every page without a script error or a refused script', () => {
    expect(pageErrors).toEqual([]);
  });
});
