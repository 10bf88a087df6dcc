// Events in, alerts out: through the recompute outbox, BullMQ, the alert outbox, the inbox and a
// real SMTP server. Real PostgreSQL and Redis; the worker runs in-process, on a scratch database and
// Redis prefix of its own: another file's in-process worker on the run's prefix could take this
// file's digest job and mail it through that file's SMTP settings (the digest then never came here).
import type { INestApplicationContext } from '@nestjs/common';
import { JobLedgerRepository, StaffDirectory, StaffRepository, syntheticStaff } from '@app/compliance';
import { periodJobId, QUEUES, type RecomputeJob } from '@app/queue';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { Queues } from '../apps/worker/src/queues/queues';
import { Schedules } from '../apps/worker/src/schedules/schedules';
import { startApi, type TestApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventually, startSmtpSink, type SmtpSink } from './support/smtp-sink';
import { startWorker } from './support/worker-app';

const LA = '806'; // this file's own LA, so digests and summaries see only its cases
const today = todayInLondon(new Date());
const FORECAST_DELAY_MS = 3000;

let scratch: ScratchDatabase;
let smtp: SmtpSink;
let api: TestApi;
let worker: INestApplicationContext;
const staff = new StaffDirectory(syntheticStaff(LA));

function lateAssessment(prefix: string): CaseEvent[] {
  const base = { la: LA, caseRef: `${prefix}-EHC`, childRef: `C-${prefix}`, pathway: 'ehc_assessment' as const };
  return [
    { ...base, eventId: `${prefix}-1`, type: 'request_received', date: addDays(today, -200), needCode: 'SLCN' },
    { ...base, eventId: `${prefix}-2`, type: 'advice_requested', date: addDays(today, -60), service: 'slt' },
  ] as CaseEvent[];
}

async function alertsOf(caseRef: string) {
  return api.db.query(
    `SELECT alert_id::text, kind, milestone_key, recipient_ref, delivered_at, resolved_at, resolution
     FROM alerts WHERE la_code = $1 AND case_ref = $2 ORDER BY alert_id`,
    [LA, caseRef],
  );
}

beforeAll(async () => {
  scratch = await createScratchDatabase('worker_alerts');
  smtp = await startSmtpSink();
  // This file checks the forecasts job after a recompute (off in the other test files).
  // The forecasts job waits FORECAST_DELAY_MS, long beside a recompute, so two batches join one.
  scratch.use({
    SMTP_URL: smtp.url,
    OUTBOX_POLL_MS: '50',
    SCHEDULES_ENABLED: 'false',
    FORECASTS_AFTER_RECOMPUTE: 'true',
    FORECASTS_AFTER_RECOMPUTE_DELAY_MS: String(FORECAST_DELAY_MS),
  });
  api = await startApi();
  worker = await startWorker();
  await worker.get(StaffRepository).upsert(syntheticStaff(LA));
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await scratch?.drop();
});

describe('alerts for caseworkers, end to end', () => {
  const prefix = uniquePrefix('alert');
  const caseRef = `${prefix}-EHC`;
  const caseworker = staff.caseworkerFor('ehc_assessment', caseRef)!;
  const sltContact = staff.serviceContact('slt', caseRef)!;

  it('puts the breaches of a late assessment in the inbox of the caseworker and of the service owing advice', async () => {
    const res = await api.http().post('/v1/events').send(lateAssessment(prefix)).expect(200);
    expect(res.body.inserted).toBe(2);
    const inbox = await eventually(async () => {
      const r = await api.http().get('/v1/alerts').query({ la: LA, assignee: caseworker.staffRef }).expect(200);
      const mine = r.body.filter((a: { caseRef: string }) => a.caseRef === caseRef);
      return mine.some((a: { kind: string }) => a.kind === 'final_deadline_breached') ? mine : null;
    }, 'the 20-week breach in the inbox');
    expect(inbox.map((a: { kind: string; milestoneKey: string }) => `${a.milestoneKey}:${a.kind}`)).toEqual(
      expect.arrayContaining(['decision_to_assess:overdue', 'final_plan:final_deadline_breached']),
    );
    const service = await api.http().get('/v1/alerts').query({ la: LA, assignee: sltContact.staffRef }).expect(200);
    expect(service.body.filter((a: { caseRef: string }) => a.caseRef === caseRef).map((a: { kind: string }) => a.kind)).toEqual([
      'advice_overdue',
    ]);
    // The case's milestones are stored, so lists are queries.
    const stored = await api.db.query(`SELECT milestone_key, state FROM case_milestones WHERE la_code = $1 AND case_ref = $2`, [
      LA,
      caseRef,
    ]);
    expect(stored).toEqual(expect.arrayContaining([{ milestone_key: 'final_plan', state: 'overdue' }]));
  });

  it('mails one daily digest per recipient, through a real SMTP server, and not twice', async () => {
    const schedules = worker.get(Schedules);
    // The schedule digests what the relay has delivered (it runs hours after, by cron): under load
    // the relay can still be on this case's alerts, and a digest enqueued before finds none to send.
    await eventually(
      async () => (await alertsOf(caseRef)).every((a: { delivered_at: Date | null }) => a.delivered_at),
      'alerts delivered before the digest',
    );
    await schedules.enqueueDigests(today);
    const [mail] = await smtp.waitFor(caseworker.email);
    expect(mail.subject).toContain(caseworker.staffRef);
    expect(mail.text).toContain(caseRef);
    expect(mail.html).toContain('20-week limit breached');
    const [serviceMail] = await smtp.waitFor(sltContact.email);
    expect(serviceMail.text).toContain('Advice overdue');
    await eventually(
      async () =>
        (await alertsOf(caseRef)).every((a: { delivered_at: Date | null }) => a.delivered_at) &&
        (await api.db.query(`SELECT 1 FROM alerts WHERE la_code = $1 AND case_ref = $2 AND emailed_at IS NULL`, [LA, caseRef])).length ===
          0,
      'alerts marked emailed',
    );
    await schedules.enqueueDigests(today);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await smtp.waitFor(caseworker.email)).toHaveLength(1);
  });

  it('raises nothing new for a replayed batch, and clears an alert once its step is done', async () => {
    const before = await alertsOf(caseRef);
    const replay = await api.http().post('/v1/events').send(lateAssessment(prefix)).expect(200);
    expect(replay.body.duplicates).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(await alertsOf(caseRef)).toEqual(before);

    await api
      .http()
      .post('/v1/events')
      .send([
        {
          eventId: `${prefix}-3`,
          la: LA,
          caseRef,
          childRef: `C-${prefix}`,
          pathway: 'ehc_assessment',
          type: 'advice_received',
          date: addDays(today, -1),
          service: 'slt',
        },
      ])
      .expect(200);
    const cleared = await eventually(
      async () =>
        (await alertsOf(caseRef)).find(
          (a: { kind: string; resolution: string | null }) => a.kind === 'advice_overdue' && a.resolution === 'cleared',
        ),
      'the advice alert cleared',
    );
    expect(cleared.resolved_at).not.toBeNull();
    expect((await alertsOf(caseRef)).length).toBe(before.length);
  });

  it('lets a caseworker acknowledge an alert, and lists it as CSV', async () => {
    const [alert] = (await alertsOf(caseRef)).filter((a: { kind: string }) => a.kind === 'final_deadline_breached');
    const signedIn = await api.user('caseworker', [LA], caseworker.staffRef);
    const ack = await api
      .as(signedIn.token)()
      .post(`/v1/alerts/${LA}/${alert.alert_id}/acknowledge`)
      .send({ by: caseworker.staffRef })
      .expect(201);
    expect(ack.body).toMatchObject({ alertId: alert.alert_id, acknowledgedBy: caseworker.staffRef });
    expect(ack.body.acknowledgedAt).not.toBeNull();
    const csv = await api.http().get('/v1/alerts').query({ la: LA, assignee: caseworker.staffRef, format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'alertId,la,caseRef,milestoneKey,kind,pathway,service,dueOn,raisedOn,recipientRef,acknowledgedAt,resolvedAt,resolution',
    );
    expect(csv.text).toContain(`${alert.alert_id},${LA},${caseRef},final_plan,final_deadline_breached`);
  });

  it('runs the nightly pass once per date however often it is enqueued, storing snapshots', async () => {
    const schedules = worker.get(Schedules);
    const jobId = await schedules.enqueueNightly(today);
    expect(jobId).toBe(`nightly:all:${today}`);
    await schedules.enqueueNightly(today);
    const ledger = worker.get(JobLedgerRepository);
    const [run] = await eventually(
      async () => {
        const runs = await ledger.list(jobId);
        return runs.length ? runs : null;
      },
      'the nightly job',
      60000,
    );
    await schedules.enqueueNightly(today);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await ledger.list(jobId))[0].runs).toBe(1);
    expect(run.detail).toMatchObject({ evaluated: expect.any(Number) });
    const snap = await api.db.query(
      `SELECT pathway, measures FROM measure_snapshots WHERE la_code = $1 AND snapshot_on = $2 AND need_code = 'all'`,
      [LA, today],
    );
    const ehc = snap.find((s: { pathway: string }) => s.pathway === 'ehc_assessment');
    expect(ehc.measures.open.open).toBeGreaterThanOrEqual(1);
  });
});

describe('alternative provision reviews (issue 15)', () => {
  const prefix = uniquePrefix('apalert');
  const apRef = `${prefix}-AP`;
  const ssRef = `${prefix}-SS`;
  const holder = staff.caseworkerFor('alternative_provision', apRef)!;

  it('alerts the inclusion caseworker holding an unreviewed placement, and no one about school-held SEN support', async () => {
    expect(holder.team).toBe('inclusion');
    const ap = { la: LA, caseRef: apRef, childRef: `C-${prefix}`, pathway: 'alternative_provision' };
    const ss = { la: LA, caseRef: ssRef, childRef: `C-${prefix}`, pathway: 'sen_support' };
    await api
      .http()
      .post('/v1/events')
      .send([
        {
          ...ap,
          eventId: `${prefix}-1`,
          type: 'placement_started',
          date: addDays(today, -100),
          providerKind: 'tuition',
          hoursPerWeek: 10,
          reason: 'health_needs',
          commissionedBy: 'la',
        },
        { ...ss, eventId: `${prefix}-2`, type: 'support_started', date: addDays(today, -200), schoolUrn: '900806', needCode: 'SLCN' },
      ])
      .expect(200);
    const inbox = await eventually(async () => {
      const r = await api.http().get('/v1/alerts').query({ la: LA, assignee: holder.staffRef }).expect(200);
      const mine = r.body.filter((a: { caseRef: string }) => a.caseRef === apRef);
      return mine.length ? mine : null;
    }, 'the AP review alert in the inbox');
    // 100 days unreviewed: past 12 weeks, so the long alert.
    expect(inbox.map((a: { kind: string; milestoneKey: string }) => `${a.milestoneKey}:${a.kind}`)).toEqual([
      'placement_review.1:ap_unreviewed_long',
    ]);
    // The SEN support review is overdue too (evaluated and stored), yet raises nothing.
    const overdue = await eventually(async () => {
      const rows = await api.db.query(`SELECT milestone_key, state FROM case_milestones WHERE la_code = $1 AND case_ref = $2`, [LA, ssRef]);
      return rows.length ? rows : null;
    }, 'the SEN support review stored');
    expect(overdue).toEqual([{ milestone_key: 'support_review.1', state: 'overdue' }]);
    expect(await alertsOf(ssRef)).toEqual([]);
  });
});

describe("the LA's forecasts kept for the day, after its cases change (issue 16)", () => {
  const year = Number(today.slice(0, 4));
  const keptForecast = async (): Promise<{ key: string; answer: string } | undefined> =>
    (
      await api.db.query(`SELECT key, answer::text AS answer FROM kept_forecasts WHERE la_code = $1 AND kind = $2`, [
        LA,
        `ehc-forecast:${year}`,
      ])
    )[0];

  it('makes them again once a recompute writes new assessments, and the next ask reads them', async () => {
    const before = await keptForecast();
    const prefix = uniquePrefix('kept');
    await api.http().post('/v1/events').send(lateAssessment(prefix)).expect(200);
    // The recompute of the batch queues the LA's forecasts: kept again, with the new assessment.
    const after = await eventually(async () => {
      const row = await keptForecast();
      return row?.answer.includes(`${prefix}-EHC`) ? row : null;
    }, "the LA's forecast kept with the new assessment");
    expect(after.key).not.toBe(before?.key);
    // The API's next ask reads what was kept (marked here), rather than making it again.
    await api.db.query(
      `UPDATE kept_forecasts SET answer = (answer::jsonb || jsonb_build_object('atRisk', -1))::json WHERE la_code = $1 AND kind = $2`,
      [LA, `ehc-forecast:${year}`],
    );
    const asked = await api.http().get('/v1/reports/ehc-forecast').query({ la: LA, year }).expect(200);
    expect(asked.body.atRisk).toBe(-1);
    // Too few assessments finished in this LA to forecast it: it is listed as not forecast, and why.
    expect(asked.body.notForecast.map((a: { caseRef: string }) => a.caseRef)).toContain(`${prefix}-EHC`);
  });

  it('wait a while first, so batches in the meantime are made into them by one run', async () => {
    const snapshots = worker.get(Queues).get(QUEUES.snapshots);
    const forecastRuns = async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE job_id LIKE $1`, [`forecasts:${LA}:%`]))[0].n as number;
    await eventually(async () => {
      const c = await snapshots.getJobCounts('active', 'waiting', 'delayed');
      return c.active + c.waiting + c.delayed === 0;
    }, 'no forecasts job in hand');
    const runsBefore = await forecastRuns();
    const [first, second] = [uniquePrefix('join1'), uniquePrefix('join2')];
    await api.http().post('/v1/events').send(lateAssessment(first)).expect(200);
    // The first batch's recompute has queued the job, which waits: nothing made yet.
    await eventually(async () => (await snapshots.getJobCounts('delayed')).delayed === 1, 'the forecasts job waiting its delay');
    await api.http().post('/v1/events').send(lateAssessment(second)).expect(200);
    const kept = await eventually(async () => {
      const row = await keptForecast();
      return row?.answer.includes(`${second}-EHC`) ? row : null;
    }, 'the forecast kept with the second batch');
    expect(kept.answer).toContain(`${first}-EHC`);
    await eventually(async () => (await forecastRuns()) > runsBefore, 'the forecasts run recorded');
    // Both batches recomputed (each queued the job) before it ran: one run made them both.
    expect(await forecastRuns()).toBe(runsBefore + 1);
  });

  it("leave today's alone when a job for a day gone by runs late (held up past midnight)", async () => {
    const kept = await eventually(keptForecast, "today's forecast kept");
    const yesterday = addDays(today, -1);
    const jobId = periodJobId('forecasts', LA, `${yesterday}.late`);
    await worker.get(Queues).add(QUEUES.snapshots, 'forecasts', { asOf: yesterday, la: LA }, jobId);
    const [run] = await eventually(async () => {
      const rows = await api.db.query(`SELECT detail FROM job_runs WHERE job_id = $1`, [jobId]);
      return rows.length ? rows : null;
    }, 'the late job run');
    expect(run.detail).toEqual({ skipped: 'a day gone by', asOf: yesterday });
    // Made as of yesterday, the LA's one kept answer of the kind would have been replaced.
    expect(await keptForecast()).toEqual(kept);
  });

  it('are not made again after a recompute that wrote no EHC assessment (they read nothing else)', async () => {
    const prefix = uniquePrefix('noehc');
    const caseRef = `${prefix}-SLT`;
    const referral = { la: LA, caseRef, childRef: `C-${prefix}`, pathway: 'slt', eventId: `${prefix}-1`, type: 'referral_received' };
    await api
      .http()
      .post('/v1/events')
      .send([{ ...referral, date: addDays(today, -30) }])
      .expect(200);
    const queues = worker.get(Queues);
    // The batch's recompute is done (its job completed, so its forecasts job would have been added).
    const recompute = await eventually(async () => {
      const done = await queues.get(QUEUES.recompute).getJobs(['completed']);
      return done.find((j) => (j.data as RecomputeJob).kind === 'cases' && JSON.stringify(j.data).includes(caseRef)) ?? null;
    }, 'the referral recomputed');
    const data = recompute.data as Extract<RecomputeJob, { kind: 'cases' }>;
    expect(recompute.returnvalue).toMatchObject({ cases: 1, ehcAssessmentsWritten: 0 });
    const forecastsId = periodJobId('forecasts', LA, `${today}.${data.lastSeq}`);
    expect(await queues.get(QUEUES.snapshots).getJob(forecastsId)).toBeUndefined();
  });
});
