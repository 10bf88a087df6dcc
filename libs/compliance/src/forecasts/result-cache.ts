/**
 * A small least-recently-used cache keyed by a hash of everything an answer was made from, so an
 * entry is never stale: new data makes a new key, and old keys fall out.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, T | Promise<T>>();

  constructor(private readonly size: number) {}

  get(key: string, make: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) return this.touch(key, hit) as T;
    return this.put(key, make()) as T;
  }

  /** Concurrent callers of the same key share one computation; a failure is not kept. */
  getAsync(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit !== undefined) return Promise.resolve(this.touch(key, hit));
    const made = make().catch((e: unknown) => {
      this.entries.delete(key);
      throw e;
    });
    return Promise.resolve(this.put(key, made));
  }

  private touch(key: string, v: T | Promise<T>): T | Promise<T> {
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  private put(key: string, v: T | Promise<T>): T | Promise<T> {
    this.entries.set(key, v);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return v;
  }
}
