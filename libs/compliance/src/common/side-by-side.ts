/**
 * Runs `work` on every item, at most `atOnce` at a time (each holding a connection, say), taking
 * the next item as one finishes. Resolves once all are done; rejects with the first failure.
 */
export async function sideBySide<T>(items: readonly T[], atOnce: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(atOnce, 1), items.length) }, runner));
}

/** `items` in consecutive parts of at most `size` (at least one item a part). */
export function partsOf<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  const step = Math.max(1, Math.floor(size));
  for (let i = 0; i < items.length; i += step) parts.push(items.slice(i, i + step));
  return parts;
}
