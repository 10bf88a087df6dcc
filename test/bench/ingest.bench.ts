// Ingest benchmark, side by side in one run on the same rows:
//   (1) POST /v1/events in batches of 10,000 over HTTP, one request at a time,
//   (1b) the same batches with two requests in flight (a client may keep two open),
//   (1c) the batches of (1) again, each beside the same batch's staged SQL (3b) in a second
//        database, taken in turn: the goal's figure, steadiest on a shared machine,
//   (2c) the same for the CSV import: the file, then (3) on the same rows in the second database,
//   (2) a CSV import (POST /v1/imports, streamed),
//   (3) the staged SQL alone: the import's own statements (COPY of ready-made lines into the
//       staging table, its indexes, the set checks, the one write statement, one transaction),
//   (4) a bare COPY of the same rows into the indexed events table,
//   (3b) the same staged SQL in the HTTP run's batches of 10,000 (the API's statements, in parts),
// each rate as a share of (3), which is what the API could reach if JS cost nothing (and HTTP's
// also as a share of (3b)).
// Usage: npm run bench:ingest [-- EVENTS [ROUNDS]], defaults 200,000 and 2: each runs ROUNDS times, in turn, and its
// best is kept. A CPU profile: node --cpu-prof scripts/run.js test/bench/ingest.bench.ts
// It runs itself again under `npm run start:api`'s node flags when started without them (BENCH_NODE_FLAGS replaces them).
import 'reflect-metadata';
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { APP_DB_ROLE, LA_SETTING } from '@app/access';
import { copyLine, stageLine, StagingSession, toStoredEvent } from '@app/database';
import { PART_BYTES } from '../../apps/ingest-api/src/imports/staged-file-import';
import { csvHeader, eventToCsvLine } from '../../apps/ingest-api/src/imports/csv-columns';
import { AccountsService } from '../../apps/ingest-api/src/auth/accounts.service';
import { createApiApp } from '../../apps/ingest-api/src/create-app';
import { BATCH_PART_BYTES } from '../../apps/ingest-api/src/events/ingest.service';
import { benchEvents } from './bench-events';
import { withBenchDatabase } from './bench-database';
import { benchNodeFlags, rerunUnder } from './node-flags';
import { serverMemoryLine } from './server-memory';

const TOTAL = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 2);
/** `paired`: only (1c) and (2c), the goals' figures (a quicker look while working on the write paths). */
const ONLY_PAIRED = process.argv[4] === 'paired';
const BATCH = 10_000;

function post(
  port: number,
  path: string,
  body: Buffer | NodeJS.ReadableStream,
  type: string,
  token: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else (body as NodeJS.ReadableStream).pipe(req);
  });
}

/** A connection as the API's (the app role under row-level security, every LA). */
async function appClient(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined); // the scratch database is dropped with force at the end
  await c.connect();
  await c.query(`SET ROLE ${APP_DB_ROLE}; SELECT set_config('${LA_SETTING}', '*', false)`);
  return c;
}

async function truncate(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('TRUNCATE events, cases, recompute_requests');
  await c.query('VACUUM ANALYZE events');
  await c.end();
}

/** A staging transaction opened as the API opens one (EventWriter.inPartsTransaction): one round trip. */
async function openInParts(db: Client): Promise<StagingSession> {
  await db.query(['BEGIN', ...StagingSession.OPENING, ...StagingSession.PARTS_OPENING].join('; '));
  return new StagingSession(db as unknown as PoolClient, true);
}

/** Lines joined into strings of 1,000, about as the write path sends them. */
function chunks(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1000) out.push(lines.slice(i, i + 1000).join(''));
  return out;
}

const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function main(): Promise<void> {
  // The API runs in this process: with `npm run start:api`'s node flags (its young generation), as deployed.
  const apiFlags = benchNodeFlags('start:api');
  if (await rerunUnder(apiFlags)) return;
  const rendered = await render();
  const { csvFile, bodies, stageText, batchText, eventsText } = rendered;
  const events = { length: rendered.count };
  const flagsFrom = process.env.BENCH_NODE_FLAGS === undefined ? 'as start:api' : 'BENCH_NODE_FLAGS';
  console.log(`${events.length} events; CSV ${(statSync(csvFile).size / 1e6).toFixed(0)} MB; node ${apiFlags.join(' ')} (${flagsFrom})`);
  try {
    await measure(events, csvFile, bodies, stageText, batchText, eventsText);
  } finally {
    rmSync(csvFile, { force: true }); // 125 MB a run of 1,000,000 events, left in the temp directory before
  }
}

/**
 * Everything the client sends, rendered before any clock starts: the CSV file, the HTTP bodies (the
 * client's JSON), the COPY text of (3) and (4). The events themselves are then left to the garbage
 * collector: a million objects kept alive would be marked by every full collection of the process,
 * which also runs the API, and charged to the imports being measured (a third of the CSV import's
 * CPU was collection), though a client's data is not on a server's heap.
 */
async function render() {
  const events = [...benchEvents(TOTAL)];
  const csvFile = join(tmpdir(), `bench-ingest-${process.pid}.csv`);
  const out = createWriteStream(csvFile);
  out.write(csvHeader());
  for (const e of events) out.write(eventToCsvLine(e));
  await new Promise<void>((r) => out.end(r));
  // Rendered before any clock starts: (3) and (4) time the database alone.
  const stored = events.map((e) => toStoredEvent(e as unknown as Record<string, unknown>));
  const stageText = chunks(stored.map((e, idx) => stageLine(idx, e))).map((text, n) => ({
    text,
    below: Math.min((n + 1) * 1000, stored.length),
  }));
  const batchText: { text: string; below: number }[][] = [];
  for (let i = 0; i < stored.length; i += BATCH) {
    const batch = stored.slice(i, i + BATCH);
    batchText.push(
      chunks(batch.map((e, n) => stageLine(n, e))).map((text, n) => ({ text, below: Math.min((n + 1) * 1000, batch.length) })),
    );
  }
  const eventsText = chunks(
    stored.map((e) =>
      copyLine([e.la, e.eventId, e.caseRef, e.childRef, e.pathway, e.type, e.date, JSON.stringify(e.payload), e.retractsEventId, 'api']),
    ),
  );
  // The bodies are the client's work, rendered as (3) and (4)'s COPY text is.
  const bodies: Buffer[] = [];
  for (let i = 0; i < events.length; i += BATCH) bodies.push(Buffer.from(JSON.stringify(events.slice(i, i + BATCH))));
  return { count: events.length, csvFile, bodies, stageText, batchText, eventsText };
}

async function measure(
  events: { length: number },
  csvFile: string,
  bodies: Buffer[],
  stageText: { text: string; below: number }[],
  batchText: { text: string; below: number }[][],
  eventsText: string[],
): Promise<void> {
  // A second database for the paired run's staged SQL (1c).
  await withBenchDatabase((url) =>
    withBenchDatabase(async (twinUrl) => {
      console.log(await serverMemoryLine(url));
      // Read when the app is created, which is after this point (config is loaded lazily).
      process.env.DATABASE_URL = url;
      process.env.LOG_LEVEL = 'warn';
      const app = await createApiApp();
      await app.listen(0);
      const port = (app.getHttpServer().address() as { port: number }).port;
      // Signed in as an administrator (every LA), so requests run under row-level security as in production.
      const accounts = app.get(AccountsService);
      const { user } = await accounts.addUser({ email: `bench-${process.pid}@bench.example`, role: 'admin', las: [] });
      const { token } = await accounts.openSession(user);

      // Node's CPU per event beside the wall time: on a shared machine the wall time of the
      // node-heavy runs moves with the load; the CPU they need does not.
      const cpu = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };
      const c = await appClient(url);
      const twin = await appClient(twinUrl);

      const http = async () => {
        for (let i = 0; i < events.length; i += BATCH) {
          const res = await post(port, '/v1/events', bodies[i / BATCH], 'application/json', token);
          if (res.status !== 200) throw new Error(`batch at ${i}: ${res.status} ${res.body.slice(0, 500)}`);
        }
      };
      // (1b) The same batches from a client that keeps two requests open: one batch's parse and
      // validation in node beside the other's statements in PostgreSQL.
      const httpTwo = async () => {
        let next = 0;
        const sender = async () => {
          for (let n = next++; n < bodies.length; n = next++) {
            const res = await post(port, '/v1/events', bodies[n], 'application/json', token);
            if (res.status !== 200) throw new Error(`batch ${n}: ${res.status} ${res.body.slice(0, 500)}`);
          }
        };
        await Promise.all([sender(), sender()]);
      };
      const csv = async () => {
        const res = await post(port, '/v1/imports', createReadStream(csvFile), 'text/csv', token);
        if (res.status !== 200) throw new Error(`import: ${res.status} ${res.body.slice(0, 500)}`);
      };
      // (3) The import's statements on the same rows, from ready-made COPY text.
      const stagedSql = async (db: Client = c) => {
        const session = await openInParts(db);
        // In parts, as the import writes a file (each part inserted as soon as it is staged).
        await pipeline(
          Readable.from(stageText),
          session.partsSink('import', { partBytes: PART_BYTES, limit: 100, writing: () => true, countNewCases: true }),
        );
        await session.indexStage();
        const problems = await session.check(100);
        if (problems.length) throw new Error(`staged SQL: ${JSON.stringify(problems.slice(0, 3))}`);
        const written = await session.write('import');
        await db.query('COMMIT');
        if (written.inserted !== events.length) throw new Error(`staged SQL wrote ${written.inserted} of ${events.length}`);
      };
      // (3b) The API's statements on the same rows, in the same batches of 10,000.
      const sqlBatch = async (db: Client, n: number) => {
        const batch = await openInParts(db);
        // In parts, as the API writes a batch (IngestService).
        await pipeline(
          Readable.from(batchText[n]),
          batch.partsSink('api', { partBytes: BATCH_PART_BYTES, limit: 100, writing: () => true, listDuplicates: true }),
        );
        const batchProblems = await batch.check(100);
        if (batchProblems.length) throw new Error(`staged SQL: ${JSON.stringify(batchProblems.slice(0, 3))}`);
        await batch.write('api');
        await db.query('COMMIT');
      };
      const batchSql = async () => {
        for (let n = 0; n < batchText.length; n++) await sqlBatch(c, n);
      };
      // (1c) Each HTTP batch beside the same batch's staged SQL, taken in turn (the SQL into a second
      // database that grows as the first does): a minute of load on this shared machine then weighs
      // on both alike, where runs seconds apart can differ by a fifth.
      const paired = async () => {
        let [httpMs, sqlMs] = [0, 0];
        for (let n = 0; n < bodies.length; n++) {
          const t0 = performance.now();
          const res = await post(port, '/v1/events', bodies[n], 'application/json', token);
          if (res.status !== 200) throw new Error(`batch ${n}: ${res.status} ${res.body.slice(0, 500)}`);
          const t1 = performance.now();
          await sqlBatch(twin, n);
          sqlMs += performance.now() - t1;
          httpMs += t1 - t0;
        }
        // The CSV import the same way: the file, then the same rows' staged SQL in the second database.
        await Promise.all([truncate(url), truncate(twinUrl)]);
        const t2 = performance.now();
        await csv();
        const t3 = performance.now();
        await stagedSql(twin);
        return { httpMs, sqlMs, csvMs: t3 - t2, fileSqlMs: performance.now() - t3 };
      };
      // (4) Bare COPY into the indexed events table: the floor of any write path. As the owner:
      // PostgreSQL refuses COPY FROM into a table under row-level security.
      const bareCopy = async () => {
        const b = new Client({ connectionString: url });
        await b.connect();
        const columns = 'la_code, event_id, case_ref, child_ref, pathway, type, occurred_on, payload, retracts_event_id, source';
        await pipeline(Readable.from(eventsText), b.query(copyFrom(`COPY events (${columns}) FROM STDIN`)));
        await b.end();
      };

      // Each in turn, ROUNDS times, keeping each one's best: load that comes and goes on a shared
      // machine then hits all of them alike rather than whichever ran during it.
      const best = {
        http: Infinity,
        httpTwo: Infinity,
        csv: Infinity,
        sql: Infinity,
        batchSql: Infinity,
        copy: Infinity,
        httpCpu: 0,
        csvCpu: 0,
      };
      const timed = async (work: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> => {
        const c0 = cpu();
        const t = Date.now();
        await work();
        const result = { ms: Date.now() - t, cpuMs: cpu() - c0 };
        await truncate(url);
        return result;
      };
      const pairedMs = { http: 0, sql: 0, csv: 0, fileSql: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const pair = await paired();
        pairedMs.http += pair.httpMs;
        pairedMs.sql += pair.sqlMs;
        pairedMs.csv += pair.csvMs;
        pairedMs.fileSql += pair.fileSqlMs;
        await Promise.all([truncate(url), truncate(twinUrl)]);
        if (ONLY_PAIRED) continue;
        const h = await timed(http);
        if (h.ms < best.http) [best.http, best.httpCpu] = [h.ms, h.cpuMs];
        best.httpTwo = Math.min(best.httpTwo, (await timed(httpTwo)).ms);
        const f = await timed(csv);
        if (f.ms < best.csv) [best.csv, best.csvCpu] = [f.ms, f.cpuMs];
        best.sql = Math.min(best.sql, (await timed(stagedSql)).ms);
        best.batchSql = Math.min(best.batchSql, (await timed(batchSql)).ms);
        best.copy = Math.min(best.copy, (await timed(bareCopy)).ms);
      }
      await c.end();
      await twin.end();
      await app.close();
      const [httpMs, csvMs, sqlMs, batchSqlMs, copyMs] = [best.http, best.csv, best.sql, best.batchSql, best.copy];
      const [httpCpuMs, csvCpuMs] = [best.httpCpu, best.csvCpu];
      // (1c) and (2c): summed over every round, each beside its own staged SQL.
      const share = (name: string, ms: number, sqlMs: number) => {
        const [own, sql] = [rate(events.length * ROUNDS, ms), rate(events.length * ROUNDS, sqlMs)];
        console.log(`${name} (all ${ROUNDS} rounds): ${own} against ${sql} events/s, ${((own / sql) * 100).toFixed(0)}% of the staged SQL`);
      };
      share('HTTP x10k one at a time, each batch beside its staged SQL', pairedMs.http, pairedMs.sql);
      share('CSV import, each file beside its staged SQL', pairedMs.csv, pairedMs.fileSql);
      if (ONLY_PAIRED) return;
      console.log(`best of ${ROUNDS} rounds:`);

      const sqlRate = rate(events.length, sqlMs);
      const batchRate = rate(events.length, batchSqlMs);
      const line = (name: string, ms: number, batchShare = false) =>
        console.log(
          `${name.padEnd(40)} ${String(rate(events.length, ms)).padStart(7)} events/s ${(ms / 1000).toFixed(1).padStart(6)} s ` +
            `${((rate(events.length, ms) / sqlRate) * 100).toFixed(0).padStart(4)}% of the staged SQL` +
            (batchShare ? ` (${((rate(events.length, ms) / batchRate) * 100).toFixed(0)}% of it in the same 10k batches)` : ''),
        );
      line('HTTP POST /v1/events x10k', httpMs, true);
      line('  the same, two requests in flight', best.httpTwo, true);
      line('CSV POST /v1/imports', csvMs);
      line('staged SQL alone (same rows, one file)', sqlMs);
      line('staged SQL alone (same rows, 10k batches)', batchSqlMs);
      line('bare COPY into indexed events', copyMs);
      const perEvent = (ms: number) => `${((ms * 1000) / events.length).toFixed(1)} us/event`;
      console.log(
        `node CPU: HTTP ${perEvent(httpCpuMs)}, CSV ${perEvent(csvCpuMs)} (with the client's own work); ` +
          `the staged SQL alone takes ${perEvent(sqlMs)} of wall time, load average ${loadavg()[0].toFixed(1)}`,
      );
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
