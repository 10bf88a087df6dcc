import { StagePartsSink } from './staging-session';

/** A sink whose parts are held "in PostgreSQL" until released, recording what each part held. */
function harness(partBytes: number, eagerBytes?: number) {
  const parts: { text: string; below: number }[] = [];
  const waiting: (() => void)[] = [];
  const sink = new StagePartsSink(
    (text, below) => {
      parts.push({ text: text.join(''), below });
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    partBytes,
    eagerBytes,
  );
  const write = (text: string, below: number) => new Promise<void>((done) => sink.write({ text, below }, () => done()));
  /** Lets the part in flight finish, and its callbacks run. */
  const release = async () => {
    waiting.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { sink, parts, write, release };
}

describe('StagePartsSink', () => {
  it('sends the first chunk at once, then a file part only when it is full', async () => {
    const h = harness(4);
    await h.write('a', 1);
    expect(h.parts).toEqual([{ text: 'a', below: 1 }]);
    await h.release();
    await h.write('bb', 3);
    expect(h.parts).toHaveLength(1); // idle, but not full: a file's parts stay large
    const full = h.write('cc', 5);
    await h.release();
    await full;
    expect(h.parts[1]).toEqual({ text: 'bbcc', below: 5 });
  });

  it('with eagerBytes 0 sends whatever is pending whenever no part is in flight', async () => {
    const h = harness(1000, 0);
    await h.write('a', 1);
    await h.write('b', 2); // the first part is still in flight: kept
    await h.write('c', 3);
    expect(h.parts.map((p) => p.text)).toEqual(['a']);
    await h.release();
    await h.write('d', 4); // free again: everything pending goes
    expect(h.parts.map((p) => p.text)).toEqual(['a', 'bcd']);
    const ended = new Promise<void>((r) => h.sink.end(r));
    await h.release();
    await h.release();
    await ended;
    expect(h.parts.at(-1)).toEqual({ text: '', below: 4 }); // the last, empty part ends the writing
  });
});
