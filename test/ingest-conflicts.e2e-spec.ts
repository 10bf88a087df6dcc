// An eventId names one event for ever: a replay with the same content is a no-op, a replay with
// other content is a 409 that names the records and the fields that differ (never their values)
// and writes nothing. Through POST /v1/events, POST /v1/imports and the CLI, on real PostgreSQL.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventWriter, toStoredEvent } from '@app/database';
import type { CaseEvent } from '@app/rules';
import { csvHeader, eventToCsvLine } from '../apps/ingest-api/src/imports/csv-columns';
import { type TestApi, startApi } from './support/api-app';
import { cli } from './support/cli';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

type Conflict = { index: number; eventId: string; field: string; conflictingFields?: string[] };
const summary = (errors: Conflict[]) => errors.map((e) => [e.index, e.eventId, e.field, e.conflictingFields ?? null]);

describe('replays of a stored eventId (real PostgreSQL)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  it('refuses a replay with another date and caseRef with 409, naming the fields but not their values, and writes nothing', async () => {
    const prefix = uniquePrefix('conflict');
    const events = ehcAssessment(prefix, 1);
    await api.http().post('/v1/events').send(events).expect(200);

    const fresh = ehcAssessment(prefix, 2)[0];
    const moved = { ...events[2], caseRef: `${prefix}-MOVED`, date: '2026-02-14' };
    const res = await api.http().post('/v1/events').send([fresh, events[0], moved]).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', records: 3, errorCount: 1 });
    expect(res.body.message).toContain('nothing was written');
    expect(summary(res.body.errors)).toEqual([[2, events[2].eventId, 'eventId', ['caseRef', 'date']]]);
    // The values may be children's data: the answer names fields only.
    expect(JSON.stringify(res.body)).not.toContain('MOVED');
    expect(JSON.stringify(res.body)).not.toContain('2026-02-14');
    // All or nothing: the fresh event of the same batch was not written either.
    expect(await api.countEvents(`${prefix}-2`)).toBe(0);
    const [stored] = await api.db.query(`SELECT case_ref, occurred_on::text FROM events WHERE la_code = '805' AND event_id = $1`, [
      events[2].eventId,
    ]);
    expect(stored).toEqual({ case_ref: events[2].caseRef, occurred_on: events[2].date });
  });

  it('names payload fields and retract targets that differ, and still treats the same content in any key order as a replay', async () => {
    const prefix = uniquePrefix('conflictpayload');
    const events = ehcAssessment(prefix, 1);
    const retract = { ...events[0], eventId: `${prefix}-R`, type: 'retract', date: events[3].date, retractsEventId: events[3].eventId };
    delete (retract as Record<string, unknown>).needCode;
    await api
      .http()
      .post('/v1/events')
      .send([...events, retract])
      .expect(200);

    // Same content, keys in another order: a no-op.
    const reordered = Object.fromEntries(Object.entries(events[0]).reverse());
    const same = await api.http().post('/v1/events').send([reordered, retract]).expect(200);
    expect(same.body).toMatchObject({ inserted: 0, duplicates: 2, duplicateEventIds: [events[0].eventId, retract.eventId] });

    const res = await api
      .http()
      .post('/v1/events')
      .send([
        { ...events[0], needCode: 'ASD' },
        { ...events[2], service: 'ep' },
        { ...retract, retractsEventId: events[4].eventId },
      ])
      .expect(409);
    expect(summary(res.body.errors)).toEqual([
      [0, events[0].eventId, 'eventId', ['needCode']],
      [1, events[2].eventId, 'eventId', ['service']],
      [2, retract.eventId, 'eventId', ['retractsEventId']],
    ]);
    expect(res.body.errors[0].reason).toMatch(/already stored with different content \(needCode\)/);
  });

  it('answers 422 when a batch has bad records besides the conflicts, listing both', async () => {
    const prefix = uniquePrefix('conflictmixed');
    const events = ehcAssessment(prefix, 1);
    await api.http().post('/v1/events').send(events).expect(200);
    const res = await api
      .http()
      .post('/v1/events')
      .send([
        { ...events[1], date: '2026-02-01' },
        { ...ehcAssessment(prefix, 2)[0], date: '2026-02-30' },
      ])
      .expect(422);
    expect(summary(res.body.errors)).toEqual([
      [0, events[1].eventId, 'eventId', ['date']],
      [1, `${prefix}-2-1`, 'date', null],
    ]);
  });

  it('refuses a CSV import that replays a stored eventId with other content, with 409, writing nothing', async () => {
    const prefix = uniquePrefix('csvconflict');
    const events = ehcAssessment(prefix, 1);
    const csv = (list: CaseEvent[]) => csvHeader() + list.map(eventToCsvLine).join('');
    await api.http().post('/v1/imports').set('content-type', 'text/csv').send(csv(events)).expect(200);
    // The same file again is a no-op...
    const again = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(csv(events)).expect(200);
    expect(again.body).toMatchObject({ rows: 7, inserted: 0, duplicates: 7 });
    // ...and so is the same event sent as JSON: both forms are stored alike.
    await api.http().post('/v1/events').send(events[0]).expect(200);

    const changed = [...ehcAssessment(prefix, 2), { ...events[4], outcome: 'not_issue' } as CaseEvent];
    const res = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(csv(changed)).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', records: 8, errorCount: 1 });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ index: 7, eventId: events[4].eventId, field: 'eventId', conflictingFields: ['outcome'] }),
    ]);
    expect(await api.countEvents(`${prefix}-2`)).toBe(0);
  });

  it('stops the CLI import on a conflicting replay, naming row and fields, and writes nothing', async () => {
    const prefix = uniquePrefix('cliconflict');
    const events = ehcAssessment(prefix, 1);
    await api.http().post('/v1/events').send(events).expect(200);
    const file = join(mkdtempSync(join(tmpdir(), 'conflict-')), 'conflict.csv');
    const childRef = `C-${prefix}-OTHER`;
    writeFileSync(file, csvHeader() + [ehcAssessment(prefix, 2)[0], { ...events[5], childRef }].map(eventToCsvLine).join(''));
    const [{ started }] = await api.db.query(`SELECT clock_timestamp() AS started`);
    const failure = await cli('import', file, '--no-progress').then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    // Cross-record errors carry the row index; the new childRef also breaks the case's identity.
    expect(failure?.stderr).toContain(`row 1 ${events[5].eventId} eventId: eventId ${events[5].eventId} is already stored`);
    expect(failure?.stderr).toContain(`row 1 ${events[5].eventId} childRef: case`);
    expect(failure?.stderr).toContain('(childRef)');
    expect(failure?.stderr).not.toContain(childRef);
    expect(await api.countEvents(`${prefix}-2`)).toBe(0);
    // The audit trail records the refusal as the conflict it is (other test files import in parallel).
    const audit = await api.db.query(`SELECT status FROM audit_log WHERE action = 'events.import' AND at >= $1 AND status = 409`, [
      started,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('documents the 409 in OpenAPI for both ways in', async () => {
    const { body } = await api.anonymous().get('/docs-json').expect(200);
    for (const path of ['/v1/events', '/v1/imports']) {
      expect(body.paths[path].post.responses['409'].description).toContain('conflictingFields');
    }
  });

  it('refuses a conflicting replay committed by another transaction between the check and the write', async () => {
    const prefix = uniquePrefix('conflictrace');
    const [first] = ehcAssessment(prefix, 1);
    const writer = api.app.get(EventWriter);
    let commitA!: () => void;
    const aMayCommit = new Promise<void>((r) => (commitA = r));
    let aWrote!: () => void;
    const aHasWritten = new Promise<void>((r) => (aWrote = r));

    const a = writer.inStagingTransaction(async (session) => {
      await session.stageRows([{ idx: 0, event: toStoredEvent(first as unknown as Record<string, unknown>) }]);
      expect(await session.check(10)).toEqual([]);
      const written = await session.write('api');
      aWrote();
      await aMayCommit;
      return written;
    });
    await Promise.race([aHasWritten, a]);
    const b = await writer.inStagingTransaction(async (session) => {
      await session.stageRows([{ idx: 0, event: toStoredEvent({ ...first, date: '2026-01-06' } as unknown as Record<string, unknown>) }]);
      let checked;
      try {
        // A has not committed yet: B's check cannot see its event.
        checked = await session.check(10);
      } finally {
        commitA();
      }
      await a;
      return { checked, written: await session.write('api') };
    });
    expect(b.checked).toEqual([]);
    expect(b.written.inserted).toBe(0);
    expect(b.written.conflicts).toEqual([
      expect.objectContaining({ index: 0, eventId: first.eventId, field: 'eventId', conflictingFields: ['date'] }),
    ]);
  });
});
