import { setImmediate } from 'node:timers/promises';
import { readAhead } from './read-ahead';

describe('readAhead', () => {
  it('reads its source before anyone asks, and hands over everything in order', async () => {
    const read: number[] = [];
    async function* source() {
      for (let n = 1; n <= 3; n++) {
        read.push(n);
        yield n;
        await setImmediate();
      }
    }
    const ahead = readAhead(source(), (waiting) => waiting.reduce((a, b) => a * 10 + b));
    for (let i = 0; i < 5; i++) await setImmediate();
    expect(read).toEqual([1, 2, 3]); // nobody has asked yet
    const got: number[] = [];
    for await (const n of ahead) got.push(n);
    expect(got).toEqual([123]); // all three waited: handed over as one, in order
  });

  it('waits for items not yet read, then ends with the source', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* source() {
      yield 'a';
      await gate;
      yield 'b';
    }
    const got: string[] = [];
    const reading = (async () => {
      for await (const s of readAhead<string>(source(), (waiting) => waiting.join(''))) got.push(s);
    })();
    await setImmediate();
    expect(got).toEqual(['a']);
    release();
    await reading;
    expect(got).toEqual(['a', 'b']);
  });

  it("throws the source's failure to the reader, after what came before it", async () => {
    async function* source() {
      yield 1;
      throw new Error('source broke');
    }
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(source(), (waiting) => waiting[0])) got.push(n);
      })(),
    ).rejects.toThrow('source broke');
    expect(got).toEqual([1]);
  });
});
