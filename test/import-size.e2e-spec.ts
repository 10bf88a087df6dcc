// An import past IMPORT_MAX_MB (a file many times larger than any real one) is refused in words,
// with nothing written, and the sender gets the answer (the rest of the file is read and dropped,
// not the connection reset). Its own API with a 1 MB limit.
import { csvHeader, eventToCsvLine } from '../apps/ingest-api/src/imports/csv-columns';
import { startApi, type TestApi } from './support/api-app';
import { ehcBatch, uniquePrefix } from './support/event-factory';

let api: TestApi;
const saved = process.env.IMPORT_MAX_MB;
beforeAll(async () => {
  process.env.IMPORT_MAX_MB = '1';
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  if (saved === undefined) delete process.env.IMPORT_MAX_MB;
  else process.env.IMPORT_MAX_MB = saved;
});

const csvOf = (prefix: string, n: number) => csvHeader() + ehcBatch(prefix, n).map(eventToCsvLine).join('');

describe('the size limit of imports', () => {
  it('refuses a file over the limit, naming it, and writes nothing; takes one under it', async () => {
    const big = uniquePrefix('big');
    const body = csvOf(big, 8000);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const res = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(body).expect(413);
    expect(res.body.message).toBe('the file is larger than the 1 MB an import takes (IMPORT_MAX_MB): nothing was written');
    expect(await api.countEvents(big)).toBe(0);

    const small = uniquePrefix('small');
    const fits = csvOf(small, 1000);
    expect(fits.length).toBeLessThan(1024 * 1024);
    const ok = await api.http().post('/v1/imports').set('content-type', 'text/csv').send(fits).expect(200);
    expect(ok.body.inserted).toBe(1000);
  });

  it('holds for the extract import as well', async () => {
    const header = [
      'LA',
      'Case reference',
      'Child reference',
      'Request received',
      'Primary need',
      'Decision to assess',
      'Decision',
      'EP advice requested',
      'EP advice received',
      'SLT advice requested',
      'SLT advice received',
      'Health advice requested',
      'Health advice received',
      'Social care advice requested',
      'Social care advice received',
      'School advice requested',
      'School advice received',
      'Decision to issue',
      'Issue decision',
      'Draft plan issued',
      'Final plan issued',
      'Withdrawn',
    ];
    const row = (i: number) => `805,BIGX-${process.pid}-${i},C-${i},2026-01-05,ASD,` + ','.repeat(header.length - 6);
    const body = [header.join(','), ...Array.from({ length: 30000 }, (_, i) => row(i))].join('\n');
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const res = await api
      .http()
      .post('/v1/imports/extract')
      .query({ profile: 'wide-ehc' })
      .set('content-type', 'text/csv')
      .send(body)
      .expect(413);
    expect(res.body.message).toMatch(/^the file is larger than the 1 MB an import takes/);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM events WHERE case_ref LIKE $1`, [`BIGX-${process.pid}-%`]);
    expect(n).toBe(0);
  });
});
