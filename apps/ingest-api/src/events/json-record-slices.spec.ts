import { HttpException } from '@nestjs/common';
import fc from 'fast-check';
import { jsonRecordSlices, type RecordSlice } from './json-record-slices';

/** The text cut into chunks at the given byte offsets (so a cut may fall inside a string or a UTF-8 character). */
async function* chunksOf(text: string | Buffer, cuts: number[] = []): AsyncGenerator<Buffer> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut > at && cut < bytes.length) {
      yield bytes.subarray(at, cut);
      at = cut;
    }
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function read(text: string | Buffer, { size = 3, byteLimit = 1e6, cuts = [] as number[] } = {}): Promise<RecordSlice[]> {
  const out: RecordSlice[] = [];
  for await (const s of jsonRecordSlices(chunksOf(text, cuts), { size, byteLimit })) out.push(s);
  return out;
}

async function refusal(text: string, options: { byteLimit?: number; cuts?: number[] } = {}): Promise<{ status: number; message: string }> {
  try {
    await read(text, options);
  } catch (e) {
    if (e instanceof HttpException) return { status: e.getStatus(), message: e.message };
    throw e;
  }
  throw new Error(`accepted: ${text}`);
}

describe('jsonRecordSlices', () => {
  it('hands over an array’s records in slices, each with its first index', async () => {
    const slices = await read('[{"a":1}, {"b":[1,2,{"c":"]"}]} ,3,"x,y",null, [], {"d":"}{"}]', { size: 3 });
    expect(slices.map((s) => [s.from, s.records])).toEqual([
      [0, [{ a: 1 }, { b: [1, 2, { c: ']' }] }, 3]],
      [3, ['x,y', null, []]],
      [6, [{ d: '}{' }]],
    ]);
  });

  it('reads the same records as JSON.parse, wherever the chunks are cut', async () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.constant(null),
      fc.dictionary(
        fc.string({ unit: 'grapheme' }),
        fc.oneof(fc.string({ unit: 'binary' }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      ),
      fc.array(fc.string()),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 30 }),
        fc.array(fc.nat(2000)),
        fc.integer({ min: 1, max: 7 }),
        async (records, cuts, size) => {
          const text = JSON.stringify(records, null, cuts.length % 2 ? 1 : undefined);
          const slices = await read(text, { size, cuts });
          expect(slices.flatMap((s) => s.records)).toEqual(JSON.parse(text));
          expect(slices.every((s, n) => s.from === n * size && s.records.length <= size)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says whether a slice can hold a control character (a backslash or DEL in its text)', async () => {
    const text = '["plain", "a", "b", "tab\\t", "c", "d", "del\u007f"]';
    // A DEL is looked for chunk by chunk: a slice that shares a chunk with one is not plain either.
    expect((await read(text, { size: 3, cuts: [text.indexOf('"del')] })).map((s) => s.plain)).toEqual([true, false, false]);
    expect((await read(text, { size: 3 })).map((s) => s.plain)).toEqual([false, false, false]);
    const [object] = await read('{"caseRef":"X\\u0000"}');
    expect(object).toEqual({ records: [{ caseRef: 'X\u0000' }], from: 0, plain: false });
  });

  it('skips a UTF-8 byte order mark opening the body, even cut in two', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1}]')]);
    expect((await read(text, { cuts: [1] })).flatMap((s) => s.records)).toEqual([{ a: 1 }]);
    expect((await refusal('x\ufeff[1]')).status).toBe(400);
  });

  it('reads one object as one record, and an empty array as none', async () => {
    expect(await read(' {"eventId":"E1","la":"805"} ', { cuts: [3, 9] })).toEqual([
      { records: [{ eventId: 'E1', la: '805' }], from: 0, plain: true },
    ]);
    expect(await read(' [ \n ] ')).toEqual([]);
  });

  it.each([
    ['[1,,2]', 'record 1 is missing'],
    ['[,1]', 'record 0 is missing'],
    ['[1,2,]', 'record 2 is missing'],
    ['[{"a":1},{"b":}]', 'record 1'],
    ['[1,2,3,4,{"eventId": ]', 'record 4'],
    ['[1,2', 'ends in record 1, before the closing ]'],
    ['[1] [2]', 'follows the closing ]'],
    ['[1}', 'record 0'],
    ['"x"', 'a JSON array of events'],
    ['', 'a JSON array of events'],
    ['{"eventId": ', 'record 0'],
  ])('refuses %j with 400 naming where (%s)', async (text, where) => {
    const { status, message } = await refusal(text, { cuts: [2] });
    expect(status).toBe(400);
    expect(message).toContain(where);
  });

  it('refuses a body over the byte limit with 413, as soon as it is over', async () => {
    const { status, message } = await refusal(`[${'1,'.repeat(100)}1]`, { byteLimit: 50, cuts: [20, 40, 60] });
    expect(status).toBe(413);
    expect(message).toContain('50 bytes');
  });
});
