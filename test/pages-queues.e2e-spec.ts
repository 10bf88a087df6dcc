// The queue admin page in a real browser: an administrator finds a failed job with its reason,
// retries it (it runs again) and removes another; each action is in the audit log. Every other
// role is refused the page and the actions. Photographed at 1280 and 390 px, checked with axe.
import type IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { UserRole } from '@app/access';
import { appConfig } from '@app/config';
import { createQueue, createRedisConnection, QUEUES, type TypedQueue } from '@app/queue';
import { todayInLondon } from '@app/rules';
import type { TestApi } from './support/api-app';
import { axeViolations, pageOverflows, signIn, type PageElement, type TestBrowser } from './support/browser';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';
import { eventually } from './support/smtp-sink';

const LA = '850'; // this file's own LA
const today = todayInLondon(new Date());
const pageErrors: string[] = [];

let suite: BrowserSuite | undefined;
let api: TestApi;
let browser: TestBrowser;
let redis: IORedis;
let summaries: TypedQueue<'summaries'>;

beforeAll(async () => {
  suite = await startBrowserSuite({
    la: LA,
    today,
    label: 'queues',
    cases: 20,
    pageErrors,
    expectedConsole: /^Failed to load resource: the server responded with a status of (403)/,
  });
  ({ api, browser } = suite);
  redis = createRedisConnection(appConfig().redisUrl);
  summaries = createQueue(QUEUES.summaries, redis, appConfig().redisPrefix);
}, 120000);

afterAll(async () => {
  await summaries?.close();
  redis?.disconnect();
  await suite?.close();
});

/** A weekly summary for a week that does not exist: it fails at once, every time, with a reason. */
async function failedJob(): Promise<string> {
  const jobId = `weekly-summary:${LA}:bad-${randomBytes(4).toString('hex')}`;
  await summaries.add('weekly', { la: LA, week: '2026-W99' }, { jobId, attempts: 1 });
  await eventually(async () => (await (await summaries.getJob(jobId))?.getState()) === 'failed', `job ${jobId} failed`);
  return jobId;
}

async function auditOf(action: string, jobId: string) {
  return api.db.query(
    `SELECT actor_role, method, status, detail FROM audit_log WHERE action = $1 AND detail->>'jobId' = $2 ORDER BY audit_id`,
    [action, jobId],
  );
}

const text = (selector: string) =>
  browser.page.$$eval(selector, (els: PageElement[]) =>
    els.map((e) =>
      String(e.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );

describe('the queue admin page', () => {
  it('lets an administrator retry a failed job, which runs again, and records it', async () => {
    const retried = await failedJob();
    const removed = await failedJob();
    const before = await summaries.getJob(retried);
    const admin = await api.user('admin', []);
    await signIn(browser, '/admin/queues', admin.email, admin.password);
    const page = browser.page;
    expect(await text('h1')).toEqual(['Queues']);
    expect(await text('#queue-summaries h2')).toEqual(['Summaries']);
    const failedRows = await text('#queue-summaries .app-failed-job');
    const row = failedRows.find((r) => r.includes(retried));
    expect(row).toBeDefined();
    expect(row).toContain('2026-W99'); // the reason names the bad week
    expect(await axeViolations(page, 'queues')).toEqual([]);

    await page.setViewportSize({ width: 1280, height: 900 });
    await browser.screenshot('queues-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageOverflows(page)).toBe(false);
    await browser.screenshot('queues-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await Promise.all([
      page.waitForURL(/done=retried/),
      page.click(`form[action="/admin/queues/summaries/jobs/${encodeURIComponent(retried)}/retry"] button`),
    ]);
    expect((await text('.govuk-notification-banner'))[0]).toContain(`Job ${retried} in the summaries queue was sent back to the queue`);
    // It ran again: a new attempt, finished after the first (and failed again: the week is still bad).
    const again = await eventually(async () => {
      const job = await summaries.getJob(retried);
      return job && (await job.getState()) === 'failed' && job.finishedOn! > before!.finishedOn! ? job : null;
    }, 'the retried job to run again');
    expect(again.attemptsMade).toBe(1);
    expect(await auditOf('queue.job.retry', retried)).toEqual([
      { actor_role: 'admin', method: 'POST', status: 303, detail: { queue: 'summaries', jobId: retried, outcome: 'retried' } },
    ]);

    await Promise.all([
      page.waitForURL(/done=removed/),
      page.click(`form[action="/admin/queues/summaries/jobs/${encodeURIComponent(removed)}/remove"] button`),
    ]);
    expect((await text('.govuk-notification-banner'))[0]).toContain(`Job ${removed} in the summaries queue was removed`);
    expect(await summaries.getJob(removed)).toBeUndefined();
    expect(await auditOf('queue.job.remove', removed)).toHaveLength(1);
    expect(await text('#queue-summaries .app-failed-job')).not.toContainEqual(expect.stringContaining(removed));
    expect(await text('#queue-summaries .app-failed-job')).toContainEqual(expect.stringContaining(retried));
    expect(pageErrors).toEqual([]);
  });

  it('says so, and changes nothing, when the job is no longer failed', async () => {
    const jobId = await failedJob();
    await (await summaries.getJob(jobId))!.remove();
    const res = await api
      .http()
      .post(`/admin/queues/summaries/jobs/${encodeURIComponent(jobId)}/retry`)
      .expect(303);
    expect(res.headers.location).toContain('done=not-found');
    expect(await auditOf('queue.job.retry', jobId)).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ outcome: 'not-found' }) }),
    ]);
  });

  it.each<UserRole>(['caseworker', 'team_manager', 'commissioner', 'leader'])('refuses a %s the page and the actions', async (role) => {
    const jobId = await failedJob();
    const user = await api.user(role, [LA]);
    await api.as(user.token)().get('/admin/queues').expect(403);
    await api
      .as(user.token)()
      .post(`/admin/queues/summaries/jobs/${encodeURIComponent(jobId)}/retry`)
      .expect(403);
    await api
      .as(user.token)()
      .post(`/admin/queues/summaries/jobs/${encodeURIComponent(jobId)}/remove`)
      .expect(403);
    expect(await (await summaries.getJob(jobId))!.getState()).toBe('failed');
    expect(await auditOf('queue.job.retry', jobId)).toEqual([]);
    if (role === 'leader') {
      // In the browser: the refusal page, in words.
      await signIn(browser, '/dashboard/leader', user.email, user.password);
      const answer = await browser.page.goto('/admin/queues');
      expect(answer?.status()).toBe(403);
      expect(await text('h1')).toEqual(['You do not have access to this page']);
    }
  });

  it('refuses a retry posted from another site, with the administrator’s own cookie', async () => {
    const jobId = await failedJob();
    const admin = await api.user('admin', []);
    await api
      .anonymous()
      .post(`/admin/queues/summaries/jobs/${encodeURIComponent(jobId)}/retry`)
      .set('cookie', `send_session=${admin.token}`)
      .set('origin', 'https://elsewhere.example')
      .expect(403);
    expect(await (await summaries.getJob(jobId))!.getState()).toBe('failed');
  });
});
