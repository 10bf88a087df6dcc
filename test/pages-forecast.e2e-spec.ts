// The forecasts on the pages, in a real browser: the commissioner's capacity panel (demand against
// capacity per week as a chart with its table, the capacity each target needs, load and pressure in
// words) and the projection with its band, whose answer names the extra capacity that, typed into
// the what-if form, meets the target; the caseworker's "At risk" list before "Overdue", most at risk
// first, the chance in words, read from what the worker kept for the day. axe WCAG 2.2 AA, no
// sideways scroll at 390 px. Screenshots: test-artifacts/screenshots/forecast-<page>-<width>.png.
import { ForecastsService, RecomputeService } from '@app/compliance';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import type { TestApi } from './support/api-app';
import { axeViolations, canvasInk, pageOverflows, signIn, type PageElement, type TestBrowser } from './support/browser';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';
import { eventually } from './support/smtp-sink';

const LA = '302'; // this file's own LA
const today = todayInLondon(new Date());

let api: TestApi;
let browser: TestBrowser;
const pageErrors: string[] = [];
let suite: BrowserSuite | undefined;

/** An SLT list of its own beside the area's: 12 referrals a week, 6 seen, for 30 weeks. */
function sltList(): CaseEvent[] {
  const start = addDays(today, -7 * 30);
  const events: CaseEvent[] = [];
  const waiting: number[] = [];
  const base = (n: number) => ({ la: LA, caseRef: `PF-SLT-${n}`, childRef: `C-PF-${n}`, pathway: 'slt' as const });
  let n = 0;
  for (let w = 0; w < 30; w++) {
    for (let i = 0; i < 12; i++, n++) {
      events.push({ ...base(n), eventId: `PF-${n}-1`, type: 'referral_received', date: addDays(start, 7 * w + (i % 7)) } as CaseEvent);
      waiting.push(n);
    }
    for (let i = 0; i < 6; i++) {
      const m = waiting.shift()!;
      events.push({ ...base(m), eventId: `PF-${m}-2`, type: 'first_contact', date: addDays(start, 7 * w + 6) } as CaseEvent);
    }
  }
  return events.filter((e) => e.date < today);
}

/** An assessment's steps on days from its request (advice null: not yet in). */
function assessment(ref: string, requested: string, advice: number | null, final?: number): CaseEvent[] {
  const base = { la: LA, caseRef: ref, childRef: `C-${ref}`, pathway: 'ehc_assessment' as const };
  const on = (d: number) => addDays(requested, d);
  const steps: Record<string, unknown>[] = [
    { type: 'request_received', date: requested, needCode: 'ASD' },
    { type: 'decision_to_assess', date: on(35), outcome: 'assess' },
    { type: 'advice_requested', date: on(36), service: 'slt' },
  ];
  if (advice !== null) steps.push({ type: 'advice_received', date: on(advice), service: 'slt' });
  if (final !== undefined) {
    steps.push({ type: 'decision_to_issue', date: on(final - 35), outcome: 'issue' });
    steps.push({ type: 'draft_plan_issued', date: on(final - 30) });
    steps.push({ type: 'final_plan_issued', date: on(final) });
  }
  return steps.map((e, i) => ({ ...base, eventId: `${ref}-${i + 1}`, ...e }) as CaseEvent);
}

// 25 ended on time and 30 late (advice slow), in the last year; open: one like the late ones, one like the on-time ones.
const ehc = [
  ...Array.from({ length: 25 }, (_, i) => assessment(`PF-ONTIME-${i}`, addDays(today, -300 + 5 * i), 70, 130)),
  ...Array.from({ length: 30 }, (_, i) => assessment(`PF-LATE-${i}`, addDays(today, -340 + 5 * i), 120, 170)),
  assessment('PF-OPEN-1-SLOW', addDays(today, -100), null),
  assessment('PF-OPEN-2-FAST', addDays(today, -80), 75),
].flat();

beforeAll(async () => {
  suite = await startBrowserSuite({ la: LA, today, label: 'fcst', cases: 300, pageErrors });
  ({ api, browser } = suite);
  const events = [...sltList(), ...ehc];
  await api.http().post('/v1/events').send(events).expect(200);
  const refs = [...new Set(events.map((e) => e.caseRef))];
  await eventually(
    async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM case_evaluations WHERE la_code = $1 AND case_ref = ANY($2)`, [LA, refs]))[0].n ===
      refs.length,
    'the forecast cases evaluated by the worker',
    40000,
  );
  // Tonight's pass and the next: the first stores the LA's stage durations, the second forecasts from them.
  const recompute = api.app.get(RecomputeService, { strict: false });
  for (let k = 0; k < 2; k++) await recompute.recomputeAll(today, { onlyLa: LA });
  // Then the worker's job after the pass: the LA's forecast and at-risk list kept for the day, which
  // the pages below read (each JSON as stored, not the objects made in memory).
  const kept = await api.app.get(ForecastsService, { strict: false }).keepForDay(LA, today);
  expect(kept).toEqual([`ehc-forecast:${today.slice(0, 4)}`, 'at-risk']);
}, 240000);

afterAll(() => suite?.close());

const text = async (selector: string) => ((await browser.page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
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

async function checkPage(name: string): Promise<void> {
  const page = browser.page;
  expect(await axeViolations(page, `forecast-${name}`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await pageOverflows(page)).toBe(false);
  await browser.screenshot(`forecast-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await browser.screenshot(`forecast-${name}-1280`);
}

describe('forecasts on the pages (browser)', () => {
  it("shows the commissioner the list's demand against capacity, and where it is heading, in words", async () => {
    const page = browser.page;
    const user = await api.user('commissioner', [LA]);
    await signIn(browser, `/dashboard/commissioner?la=${LA}&pathway=slt`, user.email, user.password);
    expect(await text('#capacity-section')).toBe('Demand and capacity');
    // The chart of referrals against children seen is drawn, says what it shows, and has its table.
    const ink = await canvasInk(page, '#flows-chart');
    expect(ink.chart).toBe(true);
    expect(await text('#flows-chart-figure .app-chart__summary')).toMatch(
      /^Bar chart of 26 weeks to .*: on average [\d.]+ referrals and [\d.]+ children seen/,
    );
    expect(await tableRows('flows')).toHaveLength(26);
    const stats = await page.$$eval('.app-stat__label', (els: PageElement[]) => els.map((e) => String(e.textContent).trim()));
    expect(stats).toEqual(expect.arrayContaining(['referrals a week (demand)', 'queue load: referrals for each child seen']));
    expect(await page.textContent('#capacity-section ~ p.govuk-body')).toBeTruthy();
    const needs = await tableRows('target-needs');
    expect(needs.length).toBeGreaterThan(0);
    for (const row of needs) expect(row.join(' ')).not.toMatch(/NaN|Infinity|undefined|slt-/);

    // The projection of the first target with its deadline ahead, with its band, in words.
    const answer = await text('#projection-answer');
    expect(answer).toMatch(
      /^(At this rate the target is met on \d{1,2} \w+ \d{4}|Not met by \d{1,2} \w+ \d{4}: (\d+ more contacts? a week needed from \d{1,2} \w+ \d{4}|more contacts a week alone cannot meet it))$/,
    );
    expect((await canvasInk(page, '#projection-chart')).chart).toBe(true);
    expect(await text('#projection-chart-figure .app-chart__summary')).toMatch(/8 in 10 simulated runs between \d+ and \d+/);
    expect((await tableRows('projection')).length).toBeGreaterThan(2);
    await checkPage('commissioner');

    // The list grows (12 referred, 6 seen a week): the extra it names, typed in as a what-if, meets the target.
    const extra = /(\d+) more contacts? a week needed/.exec(answer);
    expect(extra).not.toBeNull();
    await page.fill('#capacityChange', extra![1]);
    await Promise.all([page.waitForURL(/capacityChange=/), page.click('.app-what-if button')]);
    expect(await text('#projection-answer')).toMatch(/^At this rate the target is met on \d{1,2} \w+ \d{4}$/);
    expect(await page.inputValue('#capacityChange')).toBe(extra![1]);

    // A change that would make capacity negative is the form's error, not an error page.
    await page.fill('#capacityChange', '-100000');
    await Promise.all([page.waitForURL(/capacityChange=-100000/), page.click('.app-what-if button')]);
    expect(await text('.govuk-error-summary')).toMatch(
      /There is a problem The change in children seen a week would make capacity negative/,
    );
    expect(await page.getAttribute('.govuk-error-summary a', 'href')).toBe('#capacityChange');
    expect(await text('#projection-answer')).not.toBe('');
    expect(await axeViolations(page, 'forecast-commissioner-error')).toEqual([]);
  });

  it("lists the caseworker's assessments at risk before the overdue ones, most at risk first, the chance in words", async () => {
    const page = browser.page;
    const user = await api.user('team_manager', [LA]);
    await signIn(browser, `/dashboard/caseworker?la=${LA}&team=all`, user.email, user.password);
    const captions = await page.$$eval('caption', (els: PageElement[]) =>
      els.map((e) => String(e.textContent).replace(/\s+/g, ' ').trim()),
    );
    const [atRisk, overdue] = [captions.findIndex((c) => c.startsWith('At risk')), captions.findIndex((c) => c.startsWith('Overdue'))];
    expect(atRisk).toBeGreaterThanOrEqual(0);
    expect(atRisk).toBeLessThan(overdue);
    const rows = await tableRows('at-risk');
    const refs = rows.map((r) => r[0]);
    expect(refs).toContain('PF-OPEN-1-SLOW');
    expect(refs).not.toContain('PF-OPEN-2-FAST');
    const slow = rows.find((r) => r[0] === 'PF-OPEN-1-SLOW')!;
    expect(slow[1]).toMatch(/^([5-9]|10) in 10 chance of missing 20 weeks$/);
    expect(slow[3]).toMatch(/^\d{1,2} \w{3} \d{4}$/); // 20 weeks on
    expect(slow[4]).toMatch(/^(\d{1,2} \w{3} \d{4}|No plan expected)$/);
    const chances = rows.map((r) => Number(/^(\d+) in 10/.exec(r[1])?.[1] ?? 0));
    expect(chances).toEqual([...chances].sort((a, b) => b - a));
    expect(await text('.app-stat:last-child .app-stat__label')).toMatch(/at risk of missing 20 weeks/);
    await checkPage('caseworker');
  });

  it("gives leaders the year's projected 20-week figure beside the last published one, and the targets at risk", async () => {
    const page = browser.page;
    const user = await api.user('leader', [LA]);
    await signIn(browser, `/dashboard/leader?la=${LA}`, user.email, user.password);
    expect(await text('#forecast')).toBe('Where the year is heading');
    expect(await text('#forecast + p')).toMatch(
      /^(At this rate [\d.]+% of \d{4}'s final plans will be issued within 20 weeks, excluding exceptions( \(8 times in 10 between [\d.]+% and [\d.]+%\))?\.|No final plans are expected)/,
    );
    const rows = await tableRows('forecast-table');
    expect(rows.map((r) => r[0])).toEqual(['Excluding exceptions (as the DfE publishes it)', 'Including exceptions']);
    // Barnet's newest published figure in config/reference.
    expect(await page.textContent('#forecast-table thead')).toContain('2024 (published)');
    expect(rows[0][2]).toMatch(/^[\d.]+%$/);
    expect(await axeViolations(page, 'forecast-leader')).toEqual([]);
  });

  it('ran without a script error', () => {
    expect(pageErrors).toEqual([]);
  });
});
