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

/** Milliseconds from the POST until every alert of the case is delivered (polled every 10 ms). */
async function deliveredAfter(prefix: string): Promise<{ ms: number; alerts: number }> {
  const started = Date.now();
  await api.http().post('/v1/events').send(lateRequest(prefix)).expect(200);
  for (;;) {
    const rows: { delivered: boolean }[] = await api.db.query(
      `SELECT delivered_at IS NOT NULL AS delivered FROM alerts WHERE la_code = $1 AND case_ref = $2`,
      [LA, `${prefix}-EHC`],
    );
    if (rows.length && rows.every((r) => r.delivered)) return { ms: Date.now() - started, alerts: rows.length };
    if (Date.now() - started > 5000) return { ms: Infinity, alerts: rows.length };
    await new Promise((r) => setTimeout(r, 10));
  }
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
    for (let n = 0; n < 3; n++) {
      const { ms, alerts } = await deliveredAfter(uniquePrefix(`notify${n}`));
      expect(alerts).toBeGreaterThan(0);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('listens again after its connection is killed, and delivers as fast', async () => {
    const [pid] = await listenerPids();
    expect(pid).toBeDefined();
    await api.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await eventually(async () => {
      const pids = await listenerPids();
      return worker.get(OutboxListener).listening && pids.length === 1 && pids[0] !== pid;
    }, 'a new listening connection');
    const { ms, alerts } = await deliveredAfter(uniquePrefix('notifyback'));
    expect(alerts).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  });
});
