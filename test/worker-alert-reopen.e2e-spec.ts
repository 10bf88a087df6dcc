// An alert cleared because its step was done comes back when a retract undoes that step: open
// again, delivered again, in the inbox. A recompute never raises the same alert twice, and an
// alert a person resolved by hand reopens only once its step has been done and undone again.
// Real PostgreSQL and Redis; the worker runs in-process.
import type { INestApplicationContext } from '@nestjs/common';
import { AlertsService, StaffDirectory, StaffRepository, syntheticStaff } from '@app/compliance';
import { addDays, todayInLondon } from '@app/rules';
import { startApi, type TestApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventually } from './support/smtp-sink';
import { startWorker } from './support/worker-app';

const LA = '813'; // this file's own LA
const today = todayInLondon(new Date());

interface AlertRow {
  alert_id: string;
  milestone_key: string;
  kind: string;
  raised_on: string;
  relayed_at: Date | null;
  delivered_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
}

let scratch: ScratchDatabase;
let api: TestApi;
let worker: INestApplicationContext;
const staff = new StaffDirectory(syntheticStaff(LA));

beforeAll(async () => {
  // Its own database and Redis prefix: a worker's outbox relay claims rows from the database it
  // runs on, so on the shared one another file's worker could take this file's alerts.
  scratch = await createScratchDatabase('reopen');
  scratch.use();
  process.env.OUTBOX_POLL_MS = '50';
  process.env.SCHEDULES_ENABLED = 'false';
  api = await startApi();
  worker = await startWorker();
  await worker.get(StaffRepository).upsert(syntheticStaff(LA));
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await scratch?.drop();
});

describe('alerts raised again after a retract, end to end', () => {
  const prefix = uniquePrefix('reopen');
  const caseRef = `${prefix}-EHC`;
  const base = { la: LA, caseRef, childRef: `C-${prefix}`, pathway: 'ehc_assessment' };
  const sltContact = staff.serviceContact('slt', caseRef)!;
  const caseworker = staff.caseworkerFor('ehc_assessment', caseRef)!;
  const post = async (events: object[]) => (await api.http().post('/v1/events').send(events).expect(200)).body;

  const alerts = async (): Promise<AlertRow[]> =>
    api.db.query(
      `SELECT alert_id::text, milestone_key, kind, raised_on::text, relayed_at, delivered_at, acknowledged_by, resolved_at,
              resolution
       FROM alerts WHERE la_code = $1 AND case_ref = $2 ORDER BY alert_id`,
      [LA, caseRef],
    );
  const alertOf = async (key: string) => (await alerts()).filter((a) => a.milestone_key === key);
  const until = async (what: string, test: (rows: AlertRow[]) => boolean) =>
    eventually(async () => {
      const rows = await alerts();
      return test(rows) ? rows : null;
    }, what);
  const one = (rows: AlertRow[], key: string) => rows.filter((a) => a.milestone_key === key);
  const inbox = async (assignee: string) =>
    (await api.http().get('/v1/alerts').query({ la: LA, assignee }).expect(200)).body.filter(
      (a: { caseRef: string }) => a.caseRef === caseRef,
    );

  let adviceAlert: AlertRow;
  let decisionAlert: AlertRow;
  let finalAlert: AlertRow;

  it('raises the breaches of a late assessment; one is acknowledged, two are resolved by hand', async () => {
    await post([
      { ...base, eventId: `${prefix}-1`, type: 'request_received', date: addDays(today, -200), needCode: 'SLCN' },
      { ...base, eventId: `${prefix}-2`, type: 'advice_requested', date: addDays(today, -60), service: 'slt' },
    ]);
    const rows = await until('three breaches delivered', (r) => r.length >= 3 && r.every((a) => a.delivered_at));
    [adviceAlert] = one(rows, 'advice.slt');
    [decisionAlert] = one(rows, 'decision_to_assess');
    [finalAlert] = one(rows, 'final_plan');
    expect([adviceAlert.kind, decisionAlert.kind, finalAlert.kind]).toEqual(['advice_overdue', 'overdue', 'final_deadline_breached']);
    const service = worker.get(AlertsService);
    await service.acknowledge(LA, adviceAlert.alert_id, sltContact.staffRef);
    await service.resolve(LA, decisionAlert.alert_id, caseworker.staffRef);
    await service.resolve(LA, finalAlert.alert_id, caseworker.staffRef);
  });

  it('clears the advice alert when the advice arrives; the hand-resolved ones keep their resolution', async () => {
    await post([
      { ...base, eventId: `${prefix}-3`, type: 'advice_received', date: addDays(today, -2), service: 'slt' },
      { ...base, eventId: `${prefix}-4`, type: 'decision_to_assess', date: addDays(today, -150), outcome: 'assess' },
    ]);
    const rows = await until('the advice alert cleared', (r) => one(r, 'advice.slt')[0].resolution === 'cleared');
    for (const key of ['decision_to_assess', 'final_plan']) {
      expect(one(rows, key)).toEqual([expect.objectContaining({ resolution: `resolved by ${caseworker.staffRef}` })]);
    }
    expect(await inbox(sltContact.staffRef)).toEqual([]);
  });

  it('reopens the cleared alert when the advice is retracted, delivers it again and shows it open in the inbox', async () => {
    const before = await alerts();
    await post([
      { ...base, eventId: `${prefix}-5`, type: 'retract', date: today, retractsEventId: `${prefix}-3` },
      { ...base, eventId: `${prefix}-6`, type: 'retract', date: today, retractsEventId: `${prefix}-4` },
    ]);
    const rows = await until(
      'the advice alert open and delivered again',
      (r) => !one(r, 'advice.slt')[0].resolved_at && !!one(r, 'advice.slt')[0].delivered_at,
    );
    // The same alert rows: reopened, not raised a second time.
    expect(rows.map((a) => a.alert_id)).toEqual(before.map((a) => a.alert_id));
    const advice = one(rows, 'advice.slt')[0];
    expect(advice).toMatchObject({ resolution: null, raised_on: today, acknowledged_by: sltContact.staffRef });
    expect(advice.delivered_at!.getTime()).toBeGreaterThan(adviceAlert.delivered_at!.getTime());
    const open = await inbox(sltContact.staffRef);
    expect(open).toEqual([expect.objectContaining({ alertId: adviceAlert.alert_id, kind: 'advice_overdue', resolvedAt: null })]);

    // Resolved by hand, then its step done and undone: the decision is overdue again, so it reopens.
    expect(one(rows, 'decision_to_assess')[0]).toMatchObject({ resolved_at: null, resolution: null });
    // Resolved by hand and overdue all along: never reopened.
    expect(one(rows, 'final_plan')[0]).toMatchObject({ resolution: `resolved by ${caseworker.staffRef}` });
    const mine = await inbox(caseworker.staffRef);
    expect(mine.map((a: { milestoneKey: string }) => a.milestoneKey)).toContain('decision_to_assess');
    expect(mine.map((a: { milestoneKey: string }) => a.milestoneKey)).not.toContain('final_plan');
  });

  it('leaves an open alert alone when the case is recomputed again, and clears it once more without a second row', async () => {
    const reopened = await until('everything delivered', (r) => r.every((a) => a.delivered_at));
    // Another event changes the case, so it is written again while the advice alert is open.
    await post([{ ...base, eventId: `${prefix}-7`, type: 'advice_requested', date: addDays(today, -1), service: 'ep' }]);
    await eventually(
      async () =>
        (
          await api.db.query(`SELECT 1 FROM case_milestones WHERE la_code = $1 AND case_ref = $2 AND milestone_key = 'advice.ep'`, [
            LA,
            caseRef,
          ])
        ).length,
      'the case recomputed',
    );
    const again = one(await alerts(), 'advice.slt');
    expect(again).toEqual([one(reopened, 'advice.slt')[0]]);

    await post([{ ...base, eventId: `${prefix}-8`, type: 'advice_received', date: addDays(today, -1), service: 'slt' }]);
    await until('the advice alert cleared again', (r) => one(r, 'advice.slt')[0].resolution === 'cleared');
    expect(await alertOf('advice.slt')).toHaveLength(1);
    expect((await alerts()).filter((a) => a.milestone_key === 'decision_to_assess' || a.milestone_key === 'final_plan')).toHaveLength(2);
  });
});
