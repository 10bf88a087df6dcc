// Drills (issue 11, item 8): PostgreSQL away while the API is asked to write, and crashed in the
// middle of a CSV import. The API runs in-process against a PostgreSQL cluster of this file's own
// (test/support/private-postgres.ts), which the test stops, crashes and starts again on the same
// port; the app itself is never restarted. The shared server is not touched.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { migrate } from '@app/database';
import { type CaseEvent } from '@app/rules';
import { csvHeader, eventToCsvLine } from '../apps/ingest-api/src/imports/csv-columns';
import { startApi, type TestApi } from './support/api-app';
import { ehcBatch, uniquePrefix } from './support/event-factory';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { eventually } from './support/smtp-sink';

const DB = 'api';
const savedUrl = process.env.DATABASE_URL;
let pg: PrivatePostgres;
let api: TestApi;
let key: string;

/** Exact counts of what ingest writes, from a connection of the test's own. */
async function stored(prefix: string): Promise<{ events: number; cases: number; requests: number }> {
  const [row] = await pg.query<{ events: number; cases: number; requests: number }>(
    DB,
    `SELECT (SELECT count(*) FROM events WHERE event_id LIKE $1)::int AS events,
            (SELECT count(*) FROM cases WHERE case_ref LIKE $1)::int AS cases,
            (SELECT count(*) FROM recompute_requests WHERE case_ref LIKE $1)::int AS requests`,
    [`${prefix}-%`],
  );
  return row;
}

const csv = (events: CaseEvent[]) => csvHeader() + events.map(eventToCsvLine).join('');

/** What the API answers while the database is away: 503, JSON, naming the database, with Retry-After. */
function expectDatabaseUnavailable(res: { status: number; body: unknown; headers: Record<string, string> }): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 503,
    body: { statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('database'), dependency: 'database' },
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['retry-after']).toBe('5');
}

/** /health answers 200 again: the pool has found the server back, with no restart of the app. */
const healthy = () => eventually(async () => (await api.anonymous().get('/health')).status === 200, 'GET /health 200 again', 30000);

beforeAll(async () => {
  pg = await startPrivatePostgres('api');
  await pg.createDatabase(DB);
  await migrate(pg.url(DB));
  process.env.DATABASE_URL = pg.url(DB); // read once, when the app is built
  api = await startApi();
  await api.app.listen(0, '127.0.0.1'); // a real socket, for the streamed upload
  key = (await api.apiKey('805')).key;
});

afterAll(async () => {
  await api?.close();
  await pg?.cleanup();
  process.env.DATABASE_URL = savedUrl;
});

describe('the API while PostgreSQL is away', () => {
  it.each([
    ['stopped (fast shutdown)', () => pg.stop()],
    ['crashed (immediate shutdown)', () => pg.crash()],
  ])('answers 503 naming the database while it is %s, then serves again without a restart', async (_how, takeAway) => {
    const prefix = uniquePrefix('pgaway');
    const batch = ehcBatch(prefix, 14); // two cases
    const ingest = () => api.as(key)().post('/v1/events').send(batch);
    const upload = () => api.as(key)().post('/v1/imports').set('content-type', 'text/csv').send(csv(batch));
    await healthy();

    await takeAway();
    const health = await api.anonymous().get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', checks: { database: { status: 'down' }, redis: { status: 'up' } } });
    // More at once than the pool holds (10): each fails fast, none waits for a connection.
    for (const res of await Promise.all(Array.from({ length: 12 }, ingest))) expectDatabaseUnavailable(res);
    expectDatabaseUnavailable(await upload());
    expectDatabaseUnavailable(await api.http().get(`/v1/cases/805/${prefix}-EHC-0`)); // reads too

    await pg.start();
    await healthy();
    expect(await stored(prefix)).toEqual({ events: 0, cases: 0, requests: 0 }); // the 503s wrote nothing
    const first = await ingest();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 14, inserted: 14, duplicates: 0, cases: 2 });
    const again = await upload();
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      rows: 14,
      inserted: 0,
      duplicates: 14,
      cases: 0,
      newCases: 0,
      retracted: 0,
      dryRun: false,
      fileSha256: createHash('sha256').update(csv(batch)).digest('hex'),
      byLa: { '805': { ehc_assessment: 14 } },
    });
    expect(await stored(prefix)).toEqual({ events: 14, cases: 2, requests: 2 });
    // No connection was lost to the outage: more reads at once than the pool holds all answer.
    const reads = await Promise.all(Array.from({ length: 12 }, () => api.http().get(`/v1/cases/805/${prefix}-EHC-1`)));
    expect(reads.map((r) => r.status)).toEqual(Array(12).fill(200));
  });
});

/** A CSV upload streamed over a real socket, written in parts as the test decides. */
function streamedUpload(): {
  write: (text: string) => Promise<void>;
  end: () => void;
  answer: Promise<{ status?: number; body?: unknown; cut?: string }>;
} {
  const port = (api.app.getHttpServer().address() as AddressInfo).port;
  const headers = { 'content-type': 'text/csv', authorization: `Bearer ${key}` };
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/imports', headers });
  const answer = new Promise<{ status?: number; body?: unknown; cut?: string }>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) as unknown }));
    });
    req.on('error', (e) => resolve({ cut: e.message }));
  });
  return {
    // The server may answer before it has read it all: a write that fails then is not the drill's concern.
    write: (text) => new Promise((resolve) => req.write(text, () => resolve())),
    end: () => req.end(),
    answer,
  };
}

describe('a CSV import when PostgreSQL crashes in the middle of it', () => {
  it('fails with 503 leaving nothing written, and the same file imported again is stored exactly once', async () => {
    const prefix = uniquePrefix('pgcopy');
    const events = ehcBatch(prefix, 7000); // 1,000 cases
    const lines = events.map(eventToCsvLine);
    await healthy();
    const before = await pg.query<{ events: number; cases: number }>(
      DB,
      `SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM cases)::int AS cases`,
    );

    const upload = streamedUpload();
    await upload.write(csvHeader() + lines.slice(0, 4200).join(''));
    // The import's transaction is open with its staging table: copying a part, or waiting for the
    // next one (a file is written in parts of PART_BYTES as it streams, so a small one waits).
    await eventually(
      async () =>
        (
          await pg.query(
            DB,
            `SELECT 1 FROM pg_stat_activity
              WHERE (state = 'active' AND query LIKE 'COPY %') OR (state = 'idle in transaction' AND query LIKE '%ingest_stage%')`,
          )
        ).length > 0,
      'the import streaming into PostgreSQL (COPY)',
      30000,
    );
    await pg.crash();
    await upload.write(lines.slice(4200).join(''));
    upload.end();
    const answer = await upload.answer;
    expect(answer).toEqual({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: expect.any(String), dependency: 'database' },
    });

    await pg.start();
    await healthy();
    // Nothing half-written: no event, case or recompute request of the file, and the totals as before.
    expect(await stored(prefix)).toEqual({ events: 0, cases: 0, requests: 0 });
    expect(await pg.query(DB, `SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM cases)::int AS cases`)).toEqual(
      before,
    );

    const rerun = await api.as(key)().post('/v1/imports').set('content-type', 'text/csv').send(csv(events));
    expect(rerun.status).toBe(200);
    expect(rerun.body).toEqual({
      rows: 7000,
      inserted: 7000,
      duplicates: 0,
      cases: 1000,
      newCases: 1000,
      retracted: 0,
      dryRun: false,
      fileSha256: createHash('sha256').update(csv(events)).digest('hex'),
      byLa: { '805': { ehc_assessment: 7000 } },
    });
    expect(await stored(prefix)).toEqual({ events: 7000, cases: 1000, requests: 1000 });
    const [after] = await pg.query<{ events: number; cases: number }>(
      DB,
      `SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM cases)::int AS cases`,
    );
    expect(after).toEqual({ events: before[0].events + 7000, cases: before[0].cases + 1000 });
  });
});
