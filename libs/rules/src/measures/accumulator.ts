// Measures are accumulators: fed one evaluated case at a time, read once at the end. One pass,
// any iterable (an array, a generator, a database cursor), any number of groups.
import type { CaseEvaluation } from '../evaluate';

export interface Accumulator<R> {
  add(evaluation: CaseEvaluation): void;
  result(): R;
}

/** Feeds every case to one accumulator and returns its result. */
export function measure<R>(evaluations: Iterable<CaseEvaluation>, acc: Accumulator<R>): R {
  for (const e of evaluations) acc.add(e);
  return acc.result();
}

/**
 * The same measure per group in one pass. `keyOf` may return several keys (e.g. the LA and the
 * need area) or none (to leave the case out).
 */
export function measureBy<R>(
  evaluations: Iterable<CaseEvaluation>,
  keyOf: (e: CaseEvaluation) => string | readonly string[],
  create: () => Accumulator<R>,
): Map<string, R> {
  const groups = new Map<string, Accumulator<R>>();
  for (const e of evaluations) {
    const keys = keyOf(e);
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      let acc = groups.get(key);
      if (!acc) groups.set(key, (acc = create()));
      acc.add(e);
    }
  }
  return new Map([...groups].map(([k, acc]) => [k, acc.result()]));
}

/** Several measures fed in the same single pass: combine({ ehc: a, waits: b }). */
export function combine<T extends Record<string, Accumulator<unknown>>>(
  parts: T,
): Accumulator<{ [K in keyof T]: ReturnType<T[K]['result']> }> {
  const entries = Object.entries(parts);
  return {
    add(e) {
      for (const [, acc] of entries) acc.add(e);
    },
    result() {
      return Object.fromEntries(entries.map(([k, acc]) => [k, acc.result()])) as { [K in keyof T]: ReturnType<T[K]['result']> };
    },
  };
}
