// POST /v1/events reads a plain JSON body as it arrives (jsonRecordSlices): what a client sees of
// that is the same answers as for a body read whole, sent in pieces or not, and nothing written
// whenever the answer is a refusal.
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ehcAssessment, ehcBatch, uniquePrefix } from './support/event-factory';
import { type TestApi, startApi } from './support/api-app';

interface Answer {
  status: number;
  body: { message?: unknown; errors?: { index: number; field: string }[]; inserted?: number; received?: number };
}

describe('POST /v1/events read as it arrives (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let port: number;
  beforeAll(async () => {
    process.env.INGEST_BODY_LIMIT = '2mb';
    api = await startApi();
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    delete process.env.INGEST_BODY_LIMIT;
    await api.close();
  });

  /** Sends `pieces` one write at a time, a few milliseconds apart, chunked (no Content-Length). */
  function sendInPieces(pieces: (string | Buffer)[], token: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/events',
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      void (async () => {
        for (const piece of pieces) {
          if (req.destroyed) return;
          req.write(piece);
          await new Promise((r) => setTimeout(r, 2));
        }
        req.end();
      })();
    });
  }

  /** An actor's audit trail, newest first (of one action when given). */
  const auditOf = async (actor: string, action?: string) =>
    (await api.http().get('/v1/audit').query({ actor, action }).expect(200)).body as { status: number }[];

  /** A body's text cut into pieces of about `size` bytes, wherever the cut falls (inside strings too). */
  const cut = (text: string, size: number) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

  it('stores a batch sent in small pieces, cut anywhere, as it stores one sent whole', async () => {
    const prefix = uniquePrefix('pieces');
    const events = ehcBatch(prefix, 700);
    const res = await sendInPieces(cut(JSON.stringify(events, null, 1), 997), api.adminToken);
    expect(res).toMatchObject({ status: 200, body: { received: 700, inserted: 700 } });
    expect(await api.countEvents(prefix)).toBe(700);
  });

  it('accepts a body that opens with a UTF-8 byte order mark, as the body parser did', async () => {
    const prefix = uniquePrefix('bom');
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(ehcBatch(prefix, 7)))]);
    expect(await sendInPieces([body.subarray(0, 2), body.subarray(2)], api.adminToken)).toMatchObject({
      status: 200,
      body: { inserted: 7 },
    });
  });

  it('answers JSON that breaks in record 600 with 400 naming it, and writes none of the 599 before', async () => {
    const prefix = uniquePrefix('broken');
    const records = ehcBatch(prefix, 800).map((e) => JSON.stringify(e));
    records[600] = '{"eventId": }';
    const res = await sendInPieces(cut(`[${records.join(',')}]`, 4096), api.adminToken);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('record 600');
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('answers a body over the limit with 413 although it gave no length, writes nothing, and serves the next request', async () => {
    const prefix = uniquePrefix('over');
    const text = JSON.stringify(ehcBatch(prefix, 10_000)); // about 2.2 MB, over the 2mb limit of this suite
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await sendInPieces(cut(text, 65536), api.adminToken);
    expect(res.status).toBe(413);
    expect(await api.countEvents(prefix)).toBe(0);
    // The rest of the body was read and dropped, so the kept-alive connection serves the next request.
    const next = await sendInPieces([JSON.stringify(ehcBatch(`${prefix}n`, 7))], api.adminToken);
    expect(next).toMatchObject({ status: 200, body: { inserted: 7 } });
  });

  it('refuses a batch naming another LA in its last records with 403 once read, audited once, nothing written', async () => {
    const { key, keyId } = await api.apiKey('805');
    const prefix = uniquePrefix('otherla');
    const events = ehcBatch(prefix, 600).map((e, i) => (i >= 590 ? { ...e, la: '806' } : e));
    const res = await sendInPieces(cut(JSON.stringify(events), 8192), key);
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('LA 806 is outside your access');
    expect(await api.countEvents(prefix)).toBe(0);
    const trail = await auditOf(`key:${keyId}`);
    expect(trail).toEqual([expect.objectContaining({ action: 'access.denied', la: '806', status: 403 })]);
  });

  it('records the first LA and the one case of a batch read as it arrives in the audit trail', async () => {
    const { key, keyId } = await api.apiKey('805');
    const prefix = uniquePrefix('subject');
    // One case's events over three slices of the body (whatever the answer, the trail names them).
    const events = ehcAssessment(prefix, 1);
    const oneCase = [...events, ...Array.from({ length: 250 }, (_, i) => ({ ...events[2], eventId: `${prefix}-more-${i}` }))];
    await sendInPieces(cut(JSON.stringify(oneCase), 4096), key);
    const trail = await auditOf(`key:${keyId}`, 'POST /v1/events');
    expect(trail).toEqual([expect.objectContaining({ la: '805', caseRef: events[0].caseRef })]);
  });

  it('writes nothing of a batch whose client goes away mid-body, and audits it as refused (400), not as a server error', async () => {
    const { key, keyId } = await api.apiKey('805');
    const prefix = uniquePrefix('gone');
    const text = JSON.stringify(ehcBatch(prefix, 2000));
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/v1/events',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      });
      req.on('error', () => resolve());
      req.write(text.slice(0, text.length / 2));
      setTimeout(() => req.destroy(), 100);
    });
    // The refusal is recorded once the server has seen the connection close.
    const deadline = Date.now() + 10_000;
    let trail: { status: number }[] = [];
    while (!trail.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      trail = await auditOf(`key:${keyId}`);
    }
    expect(trail).toEqual([expect.objectContaining({ action: 'POST /v1/events', status: 400 })]);
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('still reads a compressed body whole (the body parser inflates it) and stores it', async () => {
    const prefix = uniquePrefix('gzip');
    const res = await sendInPieces([gzipSync(JSON.stringify(ehcBatch(prefix, 50)))], api.adminToken, { 'content-encoding': 'gzip' });
    expect(res).toMatchObject({ status: 200, body: { inserted: 50 } });
    expect(await api.countEvents(prefix)).toBe(50);
  });
});
