// Parallel writes whose results are taken in order: the nightly pass keeps the database busy
// while it evaluates the next chunk, and reports progress only as far as every write has committed.

/**
 * Writes running in parallel whose results are taken in the order they were started: at most
 * `depth` in flight, and each `then` runs only after those of earlier writes.
 */
export class OrderedWrites {
  private readonly inFlight: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly depth: number) {}

  /** Starts `write` once fewer than `depth` are in flight; returns without waiting for it. */
  async add<T>(write: () => Promise<T>, then: (result: T) => Promise<void>): Promise<void> {
    while (this.inFlight.length >= this.depth) await this.inFlight.shift();
    this.tail = Promise.all([this.tail, write()]).then(([, result]) => then(result));
    this.tail.catch(() => undefined); // awaited in order later; this only keeps a failure from going unhandled meanwhile
    this.inFlight.push(this.tail);
  }

  async settle(): Promise<void> {
    while (this.inFlight.length) await this.inFlight.shift();
  }
}
