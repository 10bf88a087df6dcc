import type { CaseEvent, Pathway } from '@app/rules';
import type { EventSink } from './event-sink';
import { type SeedOptions, generateCases } from './generate-events';
import { generateSupportCases } from './generate-support';

export interface SeedSummary {
  cases: number;
  events: number;
  byPathway: Record<Pathway, number>;
}

/** Streams the synthetic area into a sink in batches (whole cases per batch). */
export async function runSeed(
  options: SeedOptions,
  sink: EventSink,
  onProgress?: (s: SeedSummary) => void,
  batchSize = 20_000,
  /** Also SEN support and AP (issue 15): opt-in, so the seeded EHC and waiting-list areas stay as they were. */
  withSupport = false,
): Promise<SeedSummary> {
  const summary: SeedSummary = {
    cases: 0,
    events: 0,
    byPathway: {
      ehc_assessment: 0,
      annual_review: 0,
      slt: 0,
      neurodevelopmental: 0,
      sen_support: 0,
      alternative_provision: 0,
    },
  };
  let batch: CaseEvent[] = [];
  for (const events of withSupport ? chain(generateCases(options), generateSupportCases(options)) : generateCases(options)) {
    summary.cases += 1;
    summary.byPathway[events[0].pathway] += 1;
    batch.push(...events);
    if (batch.length >= batchSize) {
      await sink.write(batch);
      summary.events += batch.length;
      batch = [];
      onProgress?.(summary);
    }
  }
  if (batch.length) {
    await sink.write(batch);
    summary.events += batch.length;
  }
  onProgress?.(summary);
  return summary;
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}
