import type { RecordError } from '@app/database';

export type { RecordError };

/** A rejected batch or file: nothing of it was written. */
export class IngestRejectedError extends Error {
  constructor(
    readonly errors: RecordError[],
    readonly records: number,
    readonly errorCount = errors.length,
  ) {
    super(`${errorCount} problem(s) in ${records} record(s); nothing was written`);
  }
}
