// Reads Prometheus's text exposition format into samples by name and labels, for tests that
// compare a scrape before and after some work.

export type Samples = Map<string, number>;

/** `name{a="1",b="2"}` with labels sorted, as the key of a sample. */
export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/** Every sample of a scrape; comments (# HELP, # TYPE) skipped. */
export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.set(sampleKey(m[1], labels), Number(m[3]));
  }
  return samples;
}

/** A sample's value (0 if the series has not appeared yet: a counter not yet moved). */
export function valueOf(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  return samples.get(sampleKey(name, labels)) ?? 0;
}

/** The names of every metric family a scrape has (histograms' _bucket, _sum and _count folded). */
export function familyNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) /gm)) names.add(m[1]);
  return names;
}
