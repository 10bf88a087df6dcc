/**
 * Starts reading `source` at once and keeps what it yields until it is asked for: a batch's
 * validation runs while its transaction opens (a pooled connection's role, START, the staging
 * tables: 4-8 ms of round trips and catalog work), not after. Items that wait together are handed
 * over as one (`merge`), so the first part written holds everything validated meanwhile, not just
 * the first slice. A failure of `source` is thrown to the reader, after what came before it.
 */
export function readAhead<T>(source: AsyncIterable<T>, merge: (items: T[]) => T): AsyncIterable<T> {
  let items: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for await (const item of source) {
        items.push(item);
        wake?.();
      }
    } catch (error) {
      failure = { error };
    }
    ended = true;
    wake?.();
  })();
  return {
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
