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

  it('with eagerBytes 0 sends whatever is pending as soon as no part is in flight', async () => {
    const h = harness(1000, 0);
    await h.write('a', 1);
    await h.write('b', 2); // the first part is still in flight: kept
    await h.write('c', 3);
    expect(h.parts.map((p) => p.text)).toEqual(['a']);
    await h.release(); // free again: what is pending goes at once, not with the next chunk
    expect(h.parts.map((p) => p.text)).toEqual(['a', 'bc']);
    await h.write('d', 4);
    const ended = new Promise<void>((r) => h.sink.end(r));
    await h.release();
    await h.release();
    await ended;
    expect(h.parts.slice(2)).toEqual([{ text: 'd', below: 4 }]); // the rest, and no empty part after it
  });

  it('ends without an empty part when everything was sent', async () => {
    const h = harness(1000, 0);
    await h.write('a', 1);
    await h.release();
    const ended = new Promise<void>((r) => h.sink.end(r));
    await h.release();
    await ended;
    expect(h.parts).toEqual([{ text: 'a', below: 1 }]);
  });

  it('surfaces a failed part to the writer and writes nothing after it', async () => {
    const parts: number[] = [];
    let fail!: (e: Error) => void;
    const sink = new StagePartsSink(
      (_text, below) => {
        parts.push(below);
        return below === 1 ? new Promise<void>((_r, reject) => (fail = reject)) : Promise.resolve();
      },
      1000,
      0,
    );
    sink.on('error', () => undefined);
    sink.write({ text: 'a', below: 1 });
    sink.write({ text: 'b', below: 2 });
    const ended = new Promise<Error | undefined>((r) => sink.end((e?: Error | null) => r(e ?? undefined)));
    await new Promise((r) => setImmediate(r)); // the first part is in flight
    fail(new Error('part 1 refused'));
    expect((await ended)?.message).toBe('part 1 refused');
    expect(parts).toEqual([1]);
  });
});
