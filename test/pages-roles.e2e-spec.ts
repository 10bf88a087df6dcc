// Every role in a real browser (Debian's chromium through playwright-core): signing in through the
// form lands on the role's home; the service navigation offers only the pages the role may open,
// and each answers; a refusal, a missing page and a bad address are pages in plain words; a wrong
// password gives GOV.UK's error summary. axe-core checks WCAG 2.2 AA, and every page is
// photographed at 1280 and 390 px (test-artifacts/screenshots/, axe's findings in test-artifacts/axe/).
import type { UserRole } from '@app/access';
import { todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import { axeViolations, pageOverflows, type PageElement, type PageGlobal, type TestBrowser } from './support/browser';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';

const LA = '936'; // this file's own LA
const OTHER_LA = '807';
const today = todayInLondon(new Date());

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
/** Script errors and console errors other than the status of the error pages themselves (a CSP refusal would land here). */
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
beforeAll(async () => {
  suite = await startBrowserSuite({
    la: LA,
    today,
    label: 'roles',
    cases: 150,
    pageErrors,
    expectedConsole: /^Failed to load resource: the server responded with a status of (400|401|403|404)/,
  });
  ({ api, browser, area } = suite);
}, 120000);

afterAll(() => suite?.close());

const text = (selector: string) =>
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

async function signInThroughForm(email: string, password: string): Promise<void> {
  const page = browser.page;
  await browser.context.clearCookies();
  await page.goto('/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.click('form[action="/sign-in"] button')]);
}

const here = () => {
  const url = new URL(browser.page.url());
  return url.pathname + url.search;
};

interface RoleCase {
  role: UserRole;
  staffRef?: () => string;
  home: () => string;
  nav: string[];
  current: string;
  /** A page this role may not open, and the words its 403 page gives. */
  forbidden?: { path: () => string; words: string[] };
}

/** A leader's pages; team managers and administrators also bring data in. */
const LEADER_PAGES = ['Dashboards', 'My cases', 'Waiting lists', 'Weekly summary', 'EHC timeliness'];
const EVERY_PAGE = [...LEADER_PAGES, 'Import data'];
const ROLES: RoleCase[] = [
  {
    role: 'caseworker',
    staffRef: () => area.caseworker,
    home: () => '/dashboard/caseworker',
    nav: ['Dashboards', 'My cases', 'EHC timeliness'],
    current: 'My cases',
    forbidden: {
      path: () => `/dashboard/commissioner?la=${LA}`,
      words: ['You are signed in as a caseworker.', 'Waiting lists is for commissioners, leaders and team managers.'],
    },
  },
  {
    role: 'team_manager',
    staffRef: () => `TM-${LA}-${area.team.toUpperCase()}`,
    home: () => `/dashboard/caseworker?team=${area.team}`,
    nav: EVERY_PAGE,
    current: 'My cases',
    forbidden: { path: () => `/dashboard?la=${OTHER_LA}`, words: ['This page is about a local authority your account does not cover.'] },
  },
  {
    role: 'commissioner',
    home: () => '/dashboard/commissioner',
    nav: ['Dashboards', 'Waiting lists', 'Weekly summary', 'EHC timeliness'],
    current: 'Waiting lists',
    forbidden: {
      path: () => `/dashboard/cases/${LA}/${area.overdueCase}`,
      words: ['You are signed in as a commissioner.', 'A case’s page is for caseworkers, team managers and leaders.'],
    },
  },
  {
    role: 'leader',
    home: () => '/dashboard/leader',
    nav: LEADER_PAGES,
    current: 'Weekly summary',
    forbidden: {
      path: () => `/dashboard/ehc-timeliness?la=${OTHER_LA}`,
      words: ['This page is about a local authority your account does not cover.'],
    },
  },
  { role: 'admin', home: () => '/dashboard', nav: [...EVERY_PAGE, 'Queues'], current: 'Dashboards' },
];

describe('pages for each role', () => {
  it('sends an anonymous browser from / to the sign-in page, which passes axe and fits a phone', async () => {
    const page = browser.page;
    await browser.context.clearCookies();
    await page.goto('/');
    expect(here()).toBe('/sign-in');
    expect(await page.textContent('h1')).toBe('Sign in');
    // GOV.UK Frontend's stylesheet, fonts and script are served, and the CSP lets its inline script run.
    expect(await page.evaluate(() => (globalThis as PageGlobal).document.body.className)).toContain('govuk-frontend-supported');
    expect(
      await page.evaluate(() => {
        const g = globalThis as PageGlobal;
        return g.getComputedStyle(g.document.querySelector('.govuk-generic-header')!).backgroundColor;
      }),
    ).toBe('rgb(11, 12, 12)');
    const font = await page.request.get('/assets/fonts/bold-b542beb274-v2.woff2');
    expect(font.status()).toBe(200);
    expect(font.headers()['cache-control']).toContain('max-age');
    expect(await page.locator('.govuk-service-navigation').count()).toBe(0); // nobody to navigate for
    expect(await axeViolations(page, 'sign-in')).toEqual([]);
    expect(await photograph('sign-in')).toBe(false);
  });

  it('answers a wrong password with the error summary, linked to the password field', async () => {
    const page = browser.page;
    const u = await api.user('caseworker', [LA]);
    await browser.context.clearCookies();
    await page.goto('/sign-in');
    await page.fill('#email', u.email);
    await page.fill('#password', 'not the password');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.status() === 401), page.click('form button')]);
    expect(await page.title()).toBe('Error: Sign in - SEND timeliness monitor');
    expect(await text('.govuk-error-summary__title')).toEqual(['There is a problem']);
    const link = page.locator('.govuk-error-summary__list a');
    expect(await link.getAttribute('href')).toBe('#password');
    expect(await link.textContent()).toBe('Wrong email or password.');
    expect(await text('#password-error')).toEqual(['Error: Wrong email or password.']);
    expect(await page.getAttribute('#password', 'aria-describedby')).toBe('password-error');
    // GOV.UK Frontend's script moves focus to the summary; its link puts the cursor in the field.
    await page.waitForFunction(() =>
      (globalThis as PageGlobal).document.activeElement?.getAttribute('class')?.includes('govuk-error-summary'),
    );
    await link.click();
    expect(await page.evaluate(() => (globalThis as PageGlobal).document.activeElement?.id)).toBe('password');
    expect(await axeViolations(page, 'sign-in-error')).toEqual([]);
    expect(await photograph('sign-in-error')).toBe(false);
  });

  describe.each(ROLES.map((r) => [r.role, r] as const))('a %s', (role, r) => {
    it('signs in through the form and lands on their home, with only the pages they may open in the navigation', async () => {
      const page = browser.page;
      const u = await api.user(role, role === 'admin' ? [] : [LA], r.staffRef?.());
      await signInThroughForm(u.email, u.password);
      expect(here()).toBe(r.home());
      const links = await page.$$eval('.govuk-service-navigation__list a', (as: PageElement[]) =>
        as.map((a) => ({ text: String(a.textContent).trim(), href: a.getAttribute('href')!, current: a.getAttribute('aria-current') })),
      );
      expect(links.map((l) => l.text)).toEqual(r.nav);
      expect(links.filter((l) => l.current === 'page').map((l) => l.text)).toEqual([r.current]);
      for (const l of links) expect([l.text, (await page.request.get(l.href)).status()]).toEqual([l.text, 200]);
      expect(await text('.app-sign-out__button')).toEqual(['Sign out']);

      // The whole home passes axe, and fits a 390 px phone without scrolling sideways.
      expect(await axeViolations(page, `home-${role}`)).toEqual([]);
      expect(await photograph(`home-${role}`)).toBe(false);
    });

    if (r.forbidden) {
      const forbidden = r.forbidden;
      it('is told in words why a page is refused, with a way on', async () => {
        const page = browser.page;
        const path = forbidden.path();
        const res = await page.goto(path);
        expect(res!.status()).toBe(403);
        expect(await page.textContent('h1')).toBe('You do not have access to this page');
        const words = await text('main p');
        for (const w of forbidden.words) expect(words).toContain(w);
        expect((await page.textContent('main'))!).not.toMatch(/may not|GET|outside your access/);
        expect(await page.getAttribute('main a:text-is("Go to your home page")', 'href')).toBe('/');
        expect(await text('main form[action="/sign-out"] button')).toEqual(['Sign in as someone else']);
        expect(await text('.govuk-service-navigation__list a')).toEqual(r.nav);
        expect(await axeViolations(page, `forbidden-${role}`)).toEqual([]);
        expect(await photograph(`forbidden-${role}`)).toBe(false);
        // The way on: home, then signing in as someone else ends the session.
        await Promise.all([
          page.waitForURL((u) => u.pathname !== path.split('?')[0]),
          page.click('main a:text-is("Go to your home page")'),
        ]);
        expect(here()).toBe(r.home());
      });
    }
  });

  it('shows a page not found, a bad address and a sign-in needed as pages in words; API clients keep JSON', async () => {
    const page = browser.page;
    const u = await api.user('leader', [LA]);
    await signInThroughForm(u.email, u.password);

    const missing = await page.goto('/dashboard/nowhere');
    expect(missing!.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Page not found');
    expect(await page.getAttribute('main a:text-is("Go to your home page")', 'href')).toBe('/');
    expect(await axeViolations(page, 'not-found')).toEqual([]);
    expect(await photograph('not-found')).toBe(false);

    const bad = await page.goto(`/dashboard/ehc-timeliness?la=${LA}&from=last-year`);
    expect(bad!.status()).toBe(400);
    expect(await page.textContent('h1')).toBe('Sorry, there is a problem with that request');
    expect((await page.textContent('main'))!).not.toContain('from must be');
    expect(await text('.govuk-service-navigation__list a')).toEqual(LEADER_PAGES);
    expect(await axeViolations(page, 'bad-request')).toEqual([]);
    expect(await photograph('bad-request')).toBe(false);

    // JSON for API clients, at the same addresses.
    const json = await page.request.get('/dashboard/nowhere', { headers: { accept: 'application/json' } });
    expect(json.status()).toBe(404);
    expect(await json.json()).toMatchObject({ statusCode: 404 });
    const v1 = await page.request.get(`/v1/cases/${OTHER_LA}/X-1`, { headers: { accept: 'text/html' } });
    expect(v1.status()).toBe(403);
    expect(v1.headers()['content-type']).toContain('application/json');

    // A form sent after the session ended (here: signed out in another tab) explains itself.
    await browser.context.clearCookies();
    await page.goto('/sign-in');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-out') && r.status() === 401),
      page.evaluate(() => {
        const d = (globalThis as PageGlobal).document as unknown as {
          createElement(tag: 'form'): { method: string; action: string; submit(): void };
          body: { append(node: unknown): void };
        };
        const form = d.createElement('form');
        form.method = 'post';
        form.action = '/sign-out';
        d.body.append(form);
        form.submit();
      }),
    ]);
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe('You need to sign in');
    expect(await page.getAttribute('main a:text-is("Sign in")', 'href')).toBe('/sign-in');
    expect(await axeViolations(page, 'sign-in-needed')).toEqual([]);
    expect(await photograph('sign-in-needed')).toBe(false);
  });

  it('gives a team manager every page in the same layout: axe finds nothing, none scrolls sideways at 390 px', async () => {
    const page = browser.page;
    const u = await api.user('team_manager', [LA], `TM-${LA}-${area.team.toUpperCase()}`);
    await signInThroughForm(u.email, u.password);
    const pages: [string, string][] = [
      ['case', `/dashboard/cases/${LA}/${area.overdueCase}`],
      ['commissioner-neurodevelopmental', `/dashboard/commissioner?la=${LA}&pathway=neurodevelopmental`],
      ['leader', `/dashboard/leader?la=${LA}`],
      ['ehc-timeliness', `/dashboard/ehc-timeliness?la=${LA}`],
      ['caseworker-team', `/dashboard/caseworker?la=${LA}&team=${area.team}`],
    ];
    for (const [name, path] of pages) {
      expect((await page.goto(path))!.status()).toBe(200);
      expect(await text('.govuk-service-navigation__list a')).toEqual(EVERY_PAGE);
      expect([name, await axeViolations(page, `${name}-team_manager`)]).toEqual([name, []]);
      expect([name, await photograph(`${name}-team_manager`)]).toEqual([name, false]);
    }
    // A case's page sits under "My cases" in the navigation.
    await page.goto(pages[0][1]);
    expect(await page.locator('.govuk-service-navigation__list a', { hasText: 'My cases' }).getAttribute('aria-current')).toBe('true');
  });

  it('ran every page without a script error or a refused script', () => {
    expect(pageErrors).toEqual([]);
  });
});
