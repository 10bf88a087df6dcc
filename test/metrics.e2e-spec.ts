// GET /metrics on the API and the worker, scraped before and after an ingest, the alerts it raises
// (delivered and mailed in a digest) and a nightly pass: each counter moves by what was done.
// A scratch database and Redis prefix of its own, so no other file's worker takes these jobs.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { JobLedgerRepository, StaffRepository, syntheticStaff } from '@app/compliance';
import { periodJobId } from '@app/queue';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { Schedules } from '../apps/worker/src/schedules/schedules';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { startApi, type TestApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';
import { parseMetrics, valueOf, type Samples } from './support/metrics-text';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventually, startSmtpSink, type SmtpSink } from './support/smtp-sink';

const LA = '850';
const TOKEN = 'metrics-test-token-0123456789abcdef';
const today = todayInLondon(new Date());

let scratch: ScratchDatabase;
let smtp: SmtpSink;
let api: TestApi;
let worker: NestExpressApplication;

async function scrape(server: Parameters<typeof request>[0]): Promise<Samples> {
  const res = await request(server).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return parseMetrics(res.text);
}
const scrapeApi = () => scrape(api.app.getHttpServer());
const scrapeWorker = () => scrape(worker.getHttpServer());

function lateAssessment(prefix: string): CaseEvent[] {
  const base = { la: LA, caseRef: `${prefix}-EHC`, childRef: `C-${prefix}`, pathway: 'ehc_assessment' as const };
  return [
    { ...base, eventId: `${prefix}-1`, type: 'request_received', date: addDays(today, -200), needCode: 'SLCN' },
    { ...base, eventId: `${prefix}-2`, type: 'advice_requested', date: addDays(today, -60), service: 'slt' },
  ] as CaseEvent[];
}

beforeAll(async () => {
  scratch = await createScratchDatabase('metrics');
  smtp = await startSmtpSink();
  scratch.use({ METRICS_TOKEN: TOKEN, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50', SCHEDULES_ENABLED: 'false' });
  api = await startApi();
  // The worker as production runs it: an HTTP app, so its /metrics is served too.
  worker = await NestFactory.create<NestExpressApplication>(WorkerModule, { logger: ['error', 'warn'] });
  await worker.init();
  await worker.get(StaffRepository).upsert(syntheticStaff(LA));
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await scratch?.drop();
});

describe('GET /metrics', () => {
  it('is refused without the token, or with another', async () => {
    await request(api.app.getHttpServer()).get('/metrics').expect(401);
    await request(api.app.getHttpServer()).get('/metrics').set('authorization', 'Bearer not-the-token-000000000000000').expect(401);
    await request(worker.getHttpServer()).get('/metrics').expect(401);
    // A person's session is not the scraper's token either.
    await api.http().get('/metrics').expect(401);
  });

  it('counts the ingest, the alerts it raises, their digest mail and a nightly pass', async () => {
    const prefix = uniquePrefix('metrics');
    const caseRef = `${prefix}-EHC`;
    const apiBefore = await scrapeApi();
    const workerBefore = await scrapeWorker();
    expect(valueOf(workerBefore, 'send_database_up')).toBe(1);

    // Ingest: two new events, then a batch refused whole (one bad record of two).
    await api.http().post('/v1/events').send(lateAssessment(prefix)).expect(200);
    const bad = [{ ...lateAssessment(`${prefix}b`)[0] }, { ...lateAssessment(`${prefix}b`)[1], date: 'not a date' }];
    await api.http().post('/v1/events').send(bad).expect(422);
    const apiAfter = await scrapeApi();
    const moved = (name: string, labels: Record<string, string> = {}) => valueOf(apiAfter, name, labels) - valueOf(apiBefore, name, labels);
    expect(moved('send_events_ingested_total', { source: 'api' })).toBe(2);
    expect(moved('send_events_refused_total', { source: 'api' })).toBe(2);
    expect(moved('send_http_requests_total', { method: 'POST', route: '/v1/events', status: '200' })).toBe(1);
    expect(moved('send_http_requests_total', { method: 'POST', route: '/v1/events', status: '422' })).toBe(1);
    expect(moved('send_http_request_duration_seconds_count', { method: 'POST', route: '/v1/events', status: '200' })).toBe(1);

    // The worker recomputes the case and delivers its alerts to the inbox. The alert relay can
    // deliver them before the recompute job has removed its request from the outbox: both done.
    const alerts = await eventually(async () => {
      const rows: { n: number; undelivered: number; requests: number }[] = await api.db.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE delivered_at IS NULL)::int AS undelivered,
           (SELECT count(*)::int FROM recompute_requests) AS requests
         FROM alerts WHERE la_code = $1 AND case_ref = $2`,
        [LA, caseRef],
      );
      return rows[0].n > 0 && rows[0].undelivered === 0 && rows[0].requests === 0 ? rows[0].n : null;
    }, 'the alerts delivered and the recompute outbox empty');
    const afterAlerts = await scrapeWorker();
    const workerMoved = (name: string, labels: Record<string, string> = {}) =>
      valueOf(afterAlerts, name, labels) - valueOf(workerBefore, name, labels);
    expect(workerMoved('send_alerts_delivered_total')).toBe(alerts);
    expect(workerMoved('send_event_to_alert_seconds_count')).toBe(alerts);
    // Raised within seconds of the events arriving: all in the 60-second bucket.
    expect(workerMoved('send_event_to_alert_seconds_bucket', { le: '60' })).toBe(alerts);
    expect(workerMoved('send_job_duration_seconds_count', { queue: 'recompute', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(workerMoved('send_job_duration_seconds_count', { queue: 'alerts', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(workerMoved('send_job_failures_total', { queue: 'recompute' })).toBe(0);
    expect(valueOf(afterAlerts, 'send_outbox_rows', { outbox: 'recompute' })).toBe(0);
    expect(valueOf(afterAlerts, 'send_outbox_oldest_age_seconds', { outbox: 'alerts' })).toBe(0);
    expect(valueOf(afterAlerts, 'send_queue_jobs', { queue: 'recompute', state: 'failed' })).toBe(0);

    // The day's digests: one mail per recipient of those alerts.
    const [{ recipients }] = await api.db.query(
      `SELECT count(DISTINCT recipient_ref)::int AS recipients FROM alerts
       WHERE la_code = $1 AND case_ref = $2 AND recipient_ref IS NOT NULL`,
      [LA, caseRef],
    );
    expect(recipients).toBeGreaterThan(0);
    await worker.get(Schedules).enqueueDigests(today);
    await eventually(
      async () =>
        (await api.db.query(`SELECT 1 FROM alerts WHERE la_code = $1 AND case_ref = $2 AND emailed_at IS NULL`, [LA, caseRef])).length ===
        0,
      'the alerts mailed',
    );
    const afterDigests = await scrapeWorker();
    const digests = { kind: 'digest' };
    expect(valueOf(afterDigests, 'send_mail_sent_total', digests) - valueOf(afterAlerts, 'send_mail_sent_total', digests)).toBe(recipients);
    expect(valueOf(afterDigests, 'send_mail_failed_total', { kind: 'digest' })).toBe(0);

    // A nightly pass: counted once, with its time of success.
    const asOf = addDays(today, 1);
    const jobId = await worker.get(Schedules).enqueueNightly(asOf);
    expect(jobId).toBe(periodJobId('nightly', 'all', asOf));
    await eventually(() => worker.get(JobLedgerRepository).finished(jobId), 'the nightly pass recorded');
    const afterNightly = await eventually(async () => {
      const now = await scrapeWorker();
      return valueOf(now, 'send_nightly_pass_last_success_timestamp_seconds') > 0 ? now : null;
    }, 'the nightly pass counted');
    const passes = (s: Samples) => valueOf(s, 'send_nightly_pass_duration_seconds_count');
    expect(passes(afterNightly) - passes(afterDigests)).toBe(1);
    const lastSuccess = valueOf(afterNightly, 'send_nightly_pass_last_success_timestamp_seconds');
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(60);
  });
});
