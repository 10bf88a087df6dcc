/** An iterable read ahead of its reader (see readAhead). */
export interface ReadAhead<T> extends AsyncIterable<T> {
  /**
   * Resolves once the source has yielded its first item or ended; rejects if it failed before
   * either. A batch whose body breaks in its first records is refused before its transaction opens.
   */
  readonly started: Promise<void>;
}

/**
 * Starts reading `source` at once and keeps what it yields until it is asked for: a batch's
 * validation runs while its transaction opens (a pooled connection's role, START, the staging
 * tables: 4-8 ms of round trips and catalog work), not after. Items that wait together are handed
 * over as one (`merge`), so the first part written holds everything validated meanwhile, not just
 * the first slice. A failure of `source` is thrown to the reader, after what came before it.
 */
export function readAhead<T>(source: AsyncIterable<T>, merge: (items: T[]) => T): ReadAhead<T> {
  let items: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let start!: { resolve: () => void; reject: (e: unknown) => void };
  const started = new Promise<void>((resolve, reject) => (start = { resolve, reject }));
  // Whoever reads the items hears of a failure there; `started` need not be awaited.
  started.catch(() => undefined);
  void (async () => {
    try {
      for await (const item of source) {
        items.push(item);
        start.resolve();
        wake?.();
      }
    } catch (error) {
      failure = { error };
      start.reject(error);
    }
    ended = true;
    start.resolve();
    wake?.();
  })();
  return {
    started,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (items.length) {
          const waiting = items;
          items = [];
          yield waiting.length === 1 ? waiting[0] : merge(waiting);
        } else if (failure) throw failure.error;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
