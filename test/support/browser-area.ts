// A synthetic LA for the browser tests, through the real path: staff, seeded events POSTed to the
// API, the worker's recompute, snapshot jobs for a year of dates, and the weekly summaries.
import type { INestApplicationContext } from '@nestjs/common';
import { JobLedgerRepository, StaffDirectory, StaffRepository, syntheticStaff, weekOfDate, previousWeek } from '@app/compliance';
import { periodJobId, QUEUES } from '@app/queue';
import { addDays, type CaseEvent } from '@app/rules';
import { generateCases } from '../../apps/ingest-api/src/seed/generate-events';
import { Queues } from '../../apps/worker/src/queues/queues';
import type { TestApi } from './api-app';
import { eventually } from './smtp-sink';

export interface BrowserArea {
  la: string;
  today: string;
  /** An EHC assessment with its decision and final plan overdue, held by `caseworker`. */
  overdueCase: string;
  caseworker: string;
  team: string;
  cases: number;
  snapshotDates: string[];
  week: string;
}

/** Requested 200 days ago, SLT advice asked 60 days ago: decision, advice and 20-week limit all past. */
function overdueAssessment(la: string, caseRef: string, today: string): CaseEvent[] {
  const base = { la, caseRef, childRef: `C-${caseRef}`, pathway: 'ehc_assessment' as const };
  return [
    { ...base, eventId: `${caseRef}-1`, type: 'request_received', date: addDays(today, -200), needCode: 'SLCN' },
    { ...base, eventId: `${caseRef}-2`, type: 'advice_requested', date: addDays(today, -60), service: 'slt' },
  ] as CaseEvent[];
}

async function runJob(
  worker: INestApplicationContext,
  queue: 'snapshots' | 'summaries',
  name: string,
  data: never,
  jobId: string,
): Promise<void> {
  await worker.get(Queues).add(QUEUES[queue], name, data, jobId);
}

export async function seedBrowserArea(
  api: TestApi,
  worker: INestApplicationContext,
  la: string,
  today: string,
  prefix: string,
  cases = 900,
): Promise<BrowserArea> {
  const staff = syntheticStaff(la);
  await worker.get(StaffRepository).upsert(staff);
  const overdueCase = `${prefix}-EHC`;
  const caseworker = new StaffDirectory(staff).caseworkerFor('ehc_assessment', overdueCase)!;

  const events: CaseEvent[] = overdueAssessment(la, overdueCase, today);
  let count = 1;
  for (const c of generateCases({ las: [la], cases, seed: 11, asOf: today })) {
    events.push(...c);
    count++;
  }
  for (let i = 0; i < events.length; i += 5000)
    await api
      .http()
      .post('/v1/events')
      .send(events.slice(i, i + 5000))
      .expect(200);

  // The worker evaluates every case and raises the overdue case's alerts.
  await eventually(
    async () => {
      const [row] = await api.db.query(`SELECT count(*)::int AS n FROM case_evaluations WHERE la_code = $1`, [la]);
      return row.n === count;
    },
    'every case evaluated by the worker',
    40000,
  );
  await eventually(
    async () => (await api.db.query(`SELECT 1 FROM alerts WHERE la_code = $1 AND case_ref = $2`, [la, overdueCase])).length > 0,
    'the overdue case alerts',
  );

  // A year of snapshots, four weeks apart, as the nightly pass would have left them.
  const snapshotDates = Array.from({ length: 13 }, (_, k) => addDays(today, -28 * (12 - k)));
  for (const d of snapshotDates) await runJob(worker, 'snapshots', 'snapshot', { la, asOf: d } as never, periodJobId('snapshot', la, d));
  const ledger = worker.get(JobLedgerRepository);
  await eventually(async () => (await ledger.list(`snapshot:${la}:`)).length === snapshotDates.length, 'the snapshot jobs', 40000);

  // Last week's summary first, so this week's shows changes in the breaches too.
  const week = weekOfDate(today);
  for (const w of [previousWeek(week), week]) {
    await runJob(worker, 'summaries', 'weekly-summary', { la, week: w } as never, periodJobId('weekly-summary', la, w));
    await eventually(async () => (await ledger.list(periodJobId('weekly-summary', la, w))).length === 1, `the weekly summary ${w}`, 40000);
  }
  return { la, today, overdueCase, caseworker: caseworker.staffRef, team: caseworker.team, cases: count, snapshotDates, week };
}
