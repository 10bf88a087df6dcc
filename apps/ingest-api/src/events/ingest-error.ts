/** One problem with one record: which record (by index and eventId), which field, and why. */
export interface RecordError {
  index: number;
  eventId?: string;
  field: string;
  reason: string;
  /** For CSV imports: the line of the file the record ends on. */
  line?: number;
}

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
