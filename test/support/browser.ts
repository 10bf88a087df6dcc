// Debian's chromium, headless, driven by playwright-core (no browser download). Each launch gets a
// fresh profile directory; the flags keep it off the network (the machine has none in CI).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Writes a full-page PNG to test-artifacts/screenshots/<name>.png and returns its path. */
  screenshot: (name: string) => Promise<string>;
  close: () => Promise<void>;
}

export async function launchBrowser(baseURL: string): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: run scripts/ensure-chromium.sh ` +
        '(as root on Debian it installs the chromium package), or set CHROMIUM_PATH',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'send-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir (playwright refuses it in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    screenshot: async (name) => {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Functions passed to page.evaluate, $$eval and waitForFunction run in the page, but this project
// compiles without the DOM library: these are the few browser shapes they use, and nothing more.
/** An element, as the page functions read it. */
export interface PageElement {
  readonly id: string;
  readonly textContent: string | null;
  readonly children: ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

/** A canvas element, with the one 2D context call that reads its pixels back. */
export interface PageCanvas extends PageElement {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } };
}

/** The page's globals: `(globalThis as PageGlobal).document` inside a page function. */
export type PageGlobal = typeof globalThis & {
  document: {
    readonly activeElement: PageElement | null;
    readonly documentElement: { readonly scrollWidth: number };
    readonly body: { readonly className: string };
    querySelector<E extends PageElement = PageElement>(selector: string): E | null;
  };
  readonly innerWidth: number;
  getComputedStyle(element: PageElement): {
    readonly borderBottomColor: string;
    readonly backgroundColor: string;
    readonly fontFamily: string;
  };
  /** Chart.js, where the page loads it. */
  Chart?: { getChart(canvas: PageCanvas): unknown };
};

/** How many pixels of a canvas are drawn (not fully transparent), and whether Chart.js owns it. */
export async function canvasInk(page: Page, selector: string): Promise<{ chart: boolean; inked: number; total: number }> {
  await page.waitForFunction((sel) => {
    const c = (globalThis as PageGlobal).document.querySelector<PageCanvas>(sel);
    return !!c && c.hasAttribute('data-drawn') && c.width > 0;
  }, selector);
  return page.evaluate((sel) => {
    const canvas = (globalThis as PageGlobal).document.querySelector<PageCanvas>(sel)!;
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) inked++;
    const chartJs = (globalThis as PageGlobal).Chart;
    return { chart: !!chartJs?.getChart(canvas), inked, total: canvas.width * canvas.height };
  }, selector);
}

/** CSV as rows of cells (the tests' one parser). */
export { parseCsvText as parseCsv } from './csv-text';

/**
 * Signs in through the sign-in form as a person would (a fresh session: cookies cleared first),
 * starting from a page that needs it, and waits to be sent back there.
 */
export async function signIn(browser: TestBrowser, path: string, email: string, password: string): Promise<void> {
  await browser.context.clearCookies();
  await browser.page.goto(path);
  await browser.page.waitForURL(/\/sign-in/);
  await browser.page.fill('#email', email);
  await browser.page.fill('#password', password);
  await Promise.all([browser.page.waitForURL((url) => url.pathname + url.search === path), browser.page.click('button[type="submit"]')]);
}

/** The WCAG 2.2 AA rule sets axe checks (the service's accessibility bar). */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const AXE_RESULTS = join(__dirname, '..', '..', 'test-artifacts', 'axe');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's WCAG 2.2 AA violations on the page as it is now, also written to
 * test-artifacts/axe/<name>.json; `exclude` leaves a part of the page out (a CSS selector).
 */
export async function axeViolations(page: Page, name: string, exclude?: string): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_22_AA);
  if (exclude) builder = builder.exclude(exclude);
  const { violations } = await builder.analyze();
  const findings = violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  mkdirSync(AXE_RESULTS, { recursive: true });
  writeFileSync(join(AXE_RESULTS, `${name}.json`), JSON.stringify({ url: page.url(), exclude: exclude ?? null, findings }, null, 2));
  return findings;
}

/** Whether the page scrolls sideways as a whole (a wide table may scroll inside its own box). */
export function pageOverflows(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const g = globalThis as PageGlobal;
    return g.document.documentElement.scrollWidth > g.innerWidth;
  });
}
