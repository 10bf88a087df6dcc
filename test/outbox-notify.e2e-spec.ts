// Alerts without polling: the outbox tables NOTIFY on commit and the worker's relay listens, so
// with the poll set to a minute an ingested event's alerts are still delivered within a second,
// also after the listening connection was killed (it comes back by itself). A scratch database
// and Redis prefix of its own: no other file's worker (polling every 50 ms) relays these rows.
import type { INestApplicationContext } from '@nestjs/common';
import { StaffRepository, syntheticStaff } from '@app/compliance';
import { addDays, todayInLondon, type CaseEvent } from '@app/rules';
import { LISTENER_APPLICATION_NAME, OutboxListener } from '../apps/worker/src/outbox/outbox-listener';
import { startApi, type TestApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventually, startSmtpSink, type SmtpSink } from './support/smtp-sink';
import { startWorker } from './support/worker-app';

const LA = '852';
const today = todayInLondon(new Date());

let scratch: ScratchDatabase;
let smtp: SmtpSink;
let api: TestApi;
let worker: INestApplicationContext;

function lateRequest(prefix: string): CaseEvent[] {
  const base = { la: LA, caseRef: `${prefix}-EHC`, childRef: `C-${prefix}`, pathway: 'ehc_assessment' as const };
  return [{ ...base, eventId: `${prefix}-1`, type: 'request_received', date: addDays(today, -200), needCode: 'SLCN' }] as CaseEvent[];
}

/**
 * Milliseconds from the event's ingest (its received_at) to the last of its case's alerts being
 * delivered, on the database's clock; Infinity if not all delivered within 10 s (a sixth of the poll).
 */
async function deliveredAfter(prefix: string): Promise<{ ms: number; alerts: number }> {
  const started = Date.now();
  await api.http().post('/v1/events').send(lateRequest(prefix)).expect(200);
  for (;;) {
    const rows: { delivered: boolean; ms: number }[] = await api.db.query(
      `SELECT a.delivered_at IS NOT NULL AS delivered, extract(epoch FROM a.delivered_at - e.received_at) * 1000 AS ms
       FROM alerts a JOIN events e ON e.la_code = a.la_code AND e.case_ref = a.case_ref
       WHERE a.la_code = $1 AND a.case_ref = $2`,
      [LA, `${prefix}-EHC`],
    );
    if (rows.length && rows.every((r) => r.delivered)) return { ms: Math.max(...rows.map((r) => Number(r.ms))), alerts: rows.length };
    if (Date.now() - started > 10_000) return { ms: Infinity, alerts: rows.length };
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Five cases one after another: each delivered long before a poll, their median within a second. */
async function expectPromptDelivery(label: string): Promise<void> {
  const times: number[] = [];
  for (let n = 0; n < 5; n++) {
    const { ms, alerts } = await deliveredAfter(uniquePrefix(`${label}${n}`));
    expect(alerts).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
    times.push(ms);
  }
  // The median, not the worst: the machine running the tests may be busy (the bench measures p95).
  expect(times.sort((a, b) => a - b)[2]).toBeLessThan(1000);
}

async function listenerPids(): Promise<number[]> {
  const rows: { pid: number }[] = await api.db.query(
    `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
    [LISTENER_APPLICATION_NAME],
  );
  return rows.map((r) => r.pid);
}

beforeAll(async () => {
  scratch = await createScratchDatabase('notify');
  smtp = await startSmtpSink();
  // A minute between polls: anything faster than that came through NOTIFY.
  scratch.use({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: '60000', SCHEDULES_ENABLED: 'false' });
  api = await startApi();
  worker = await startWorker();
  await worker.get(StaffRepository).upsert(syntheticStaff(LA));
  await eventually(async () => worker.get(OutboxListener).listening, 'the outbox listener connected');
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await scratch?.drop();
});

describe('the outbox relay, woken by NOTIFY', () => {
  it('delivers an ingested event’s alerts within a second though the poll is a minute', async () => {
    await expectPromptDelivery('notify');
  });

  it('listens again after its connection is killed, and delivers as fast', async () => {
    const [pid] = await listenerPids();
    expect(pid).toBeDefined();
    await api.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await eventually(async () => {
      const pids = await listenerPids();
      return worker.get(OutboxListener).listening && pids.length === 1 && pids[0] !== pid;
    }, 'a new listening connection');
    await expectPromptDelivery('notifyback');
  });
});
