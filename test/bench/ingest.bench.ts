// Ingest benchmark: the same rows through (1) POST /v1/events in batches of 10,000 over HTTP,
// (2) a CSV import (POST /v1/imports, streamed) and (3) PostgreSQL's own COPY of that CSV into a
// scratch table, with each rate as a share of COPY's. Usage: npm run bench:ingest [-- EVENTS]
import 'reflect-metadata';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CSV_COLUMNS, csvHeader, eventToCsvLine } from '../../apps/ingest-api/src/imports/csv-columns';
import { AccountsService } from '../../apps/ingest-api/src/auth/accounts.service';
import { createApiApp } from '../../apps/ingest-api/src/create-app';
import { benchEvents } from './bench-events';
import { withBenchDatabase } from './bench-database';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
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

async function truncate(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('TRUNCATE events, cases');
  await c.end();
}

const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function main(): Promise<void> {
  const events = [...benchEvents(TOTAL)];
  const csvFile = join(tmpdir(), `bench-ingest-${process.pid}.csv`);
  const out = createWriteStream(csvFile);
  out.write(csvHeader());
  for (const e of events) out.write(eventToCsvLine(e));
  await new Promise<void>((r) => out.end(r));
  console.log(`${events.length} events; CSV ${(statSync(csvFile).size / 1e6).toFixed(0)} MB`);

  await withBenchDatabase(async (url) => {
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

    let t = Date.now();
    for (let i = 0; i < events.length; i += BATCH) {
      const res = await post(port, '/v1/events', Buffer.from(JSON.stringify(events.slice(i, i + BATCH))), 'application/json', token);
      if (res.status !== 200) throw new Error(`batch at ${i}: ${res.status} ${res.body.slice(0, 500)}`);
    }
    const httpMs = Date.now() - t;
    await truncate(url);

    t = Date.now();
    const res = await post(port, '/v1/imports', createReadStream(csvFile), 'text/csv', token);
    if (res.status !== 200) throw new Error(`import: ${res.status} ${res.body.slice(0, 500)}`);
    const csvMs = Date.now() - t;
    await app.close();

    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE TABLE scratch_copy (${CSV_COLUMNS.map((col) => `"${col}" text`).join(', ')})`);
    t = Date.now();
    await pipeline(createReadStream(csvFile), c.query(copyFrom(`COPY scratch_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const copyMs = Date.now() - t;
    await c.end();

    const copyRate = rate(events.length, copyMs);
    const line = (name: string, ms: number) =>
      console.log(
        `${name.padEnd(28)} ${String(rate(events.length, ms)).padStart(9)} events/s  ${(ms / 1000).toFixed(1).padStart(6)} s  ` +
          `${((rate(events.length, ms) / copyRate) * 100).toFixed(0).padStart(4)}% of COPY`,
      );
    line('HTTP POST /v1/events x10k', httpMs);
    line('CSV POST /v1/imports', csvMs);
    line('PostgreSQL COPY (scratch)', copyMs);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
