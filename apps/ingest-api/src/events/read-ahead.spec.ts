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

  it('is started once the first item is read or the source has ended, and fails with a source that fails first', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      await gate;
      yield 1;
      throw new Error('later');
    }
    const ahead = readAhead(slow(), (waiting) => waiting[0]);
    let started = false;
    void ahead.started.then(() => (started = true));
    for (let i = 0; i < 3; i++) await setImmediate();
    expect(started).toBe(false);
    release();
    await ahead.started; // a failure after the first item is the reader's, not `started`'s
    const none = async function* (items: number[]) {
      yield* items;
      if (!items.length) throw new Error('not JSON');
    };
    await expect(readAhead(none([]), (waiting) => waiting[0]).started).rejects.toThrow('not JSON');
    await expect(readAhead((async function* () {})(), (waiting: number[]) => waiting[0]).started).resolves.toBeUndefined();
  });
});
