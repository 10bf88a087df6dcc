import { OrderedWrites } from './ordered-writes';

/** A write that finishes when told to, recording when it started. */
function controllable(log: string[], name: string) {
  let finish!: (v: string) => void;
  let fail!: (e: Error) => void;
  const write = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { write, finish: () => finish(name), fail: (e: Error) => fail(e) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('OrderedWrites', () => {
  it('takes results in the order the writes started, whatever order they finish in', async () => {
    const log: string[] = [];
    const writes = new OrderedWrites(2);
    const a = controllable(log, 'a');
    const b = controllable(log, 'b');
    await writes.add(a.write, async (r) => void log.push(`then ${r}`));
    await writes.add(b.write, async (r) => void log.push(`then ${r}`));
    b.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b']); // b is done but waits for a
    a.finish();
    await writes.settle();
    expect(log).toEqual(['start a', 'start b', 'then a', 'then b']);
  });

  it('keeps at most `depth` writes in flight', async () => {
    const log: string[] = [];
    const writes = new OrderedWrites(1);
    const a = controllable(log, 'a');
    const b = controllable(log, 'b');
    await writes.add(a.write, async () => undefined);
    const adding = writes.add(b.write, async () => undefined);
    await tick();
    expect(log).toEqual(['start a']);
    a.finish();
    await adding;
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    await writes.settle();
  });

  it('passes a failed write to whoever waits next, and runs no later `then`', async () => {
    const log: string[] = [];
    const writes = new OrderedWrites(2);
    const a = controllable(log, 'a');
    const b = controllable(log, 'b');
    await writes.add(a.write, async () => void log.push('then a'));
    await writes.add(b.write, async () => void log.push('then b'));
    a.fail(new Error('deadlock'));
    b.finish();
    await expect(writes.settle()).rejects.toThrow('deadlock');
    expect(log).toEqual(['start a', 'start b']);
  });
});
