import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { csvHeader, eventToCsvLine } from '../apps/ingest-api/src/imports/csv-columns';
import { CsvImportService, type ImportProgress } from '../apps/ingest-api/src/imports/csv-import.service';
import { ehcBatch, uniquePrefix } from './support/event-factory';
import { type TestApi, startApi } from './support/api-app';

/** A CSV body made line by line, as a stream: the way a real upload arrives. */
function csvStream(lines: Iterable<string>): Readable {
  return Readable.from(
    (function* () {
      yield csvHeader();
      yield* lines;
    })(),
  );
}

function csvText(lines: string[]): string {
  return csvHeader() + lines.join('');
}

describe('POST /v1/imports (CSV, streamed, real PostgreSQL)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  it('imports 100,000 rows, then treats the same file as 100,000 duplicates', async () => {
    const prefix = uniquePrefix('csv100k');
    const lines = ehcBatch(prefix, 100_000).map(eventToCsvLine);
    const body = csvText(lines);
    const first = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(body).expect(200);
    const cases = Math.ceil(100_000 / 7);
    const fileSha256 = createHash('sha256').update(body).digest('hex');
    expect(first.body).toEqual({
      rows: 100_000,
      inserted: 100_000,
      duplicates: 0,
      cases,
      newCases: cases,
      retracted: 0,
      dryRun: false,
      fileSha256,
      byLa: { '805': { ehc_assessment: 100_000 } },
    });
    // The audit records which file it was, by its hash (never its content).
    const [audited] = await api.db.query(
      `SELECT detail->>'fileSha256' AS sha, (detail->>'inserted')::int AS inserted FROM audit_log
       WHERE action = 'POST /v1/imports' AND detail->>'fileSha256' = $1`,
      [fileSha256],
    );
    expect(audited).toEqual({ sha: fileSha256, inserted: 100_000 });
    expect(await api.countEvents(prefix)).toBe(100_000);
    const again = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(body).expect(200);
    expect(again.body).toMatchObject({ rows: 100_000, inserted: 0, duplicates: 100_000 });
  });

  it('reports every bad row by index, line and field, and writes nothing', async () => {
    const prefix = uniquePrefix('csvbad');
    const lines = ehcBatch(prefix, 50).map(eventToCsvLine);
    lines[3] = lines[3].replace(',805,', ',80X,');
    lines[20] = lines[20].replace(/,2026-\d\d-\d\d,/, ',2026-13-01,');
    lines[40] = 'too,few,columns\n';
    const res = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(csvText(lines)).expect(422);
    expect(res.body.errors.map((e: { index: number; line: number; field: string }) => [e.index, e.line, e.field])).toEqual([
      [3, 5, 'la'],
      [20, 22, 'date'],
      [40, 42, '(row)'],
    ]);
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('refuses a header with unknown or missing columns', async () => {
    const res = await api
      .http()
      .post('/v1/imports')
      .set('content-type', 'text/csv')
      .send('eventId,la,caseRef,childRef,pathway,type,childName\n')
      .expect(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['childName', 'date']);
  });

  it('refuses a body that is not CSV', async () => {
    await api.http().post('/v1/imports').set('content-type', 'application/json').send('[]').expect(415);
  });

  it('imports through the service from a stream, reporting progress', async () => {
    const prefix = uniquePrefix('csvstream');
    const progress: number[] = [];
    const result = await api.app
      .get(CsvImportService)
      .importCsv(csvStream(ehcBatch(prefix, 25_000).map(eventToCsvLine)), { onProgress: (p: ImportProgress) => progress.push(p.rows) });
    expect(result).toMatchObject({ rows: 25_000, inserted: 25_000 });
    expect(progress).toEqual([10_000, 20_000, 25_000]);
  });
});
