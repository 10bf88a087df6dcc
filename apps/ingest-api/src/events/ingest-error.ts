import { HttpStatus } from '@nestjs/common';
import type { RecordError } from '@app/database';

export type { RecordError };

/** The 409 answer in OpenAPI, for POST /v1/events and POST /v1/imports. */
export const CONFLICT_ANSWER =
  'Every refused record replays a stored eventId with other content: each listed by index and eventId, with ' +
  'conflictingFields naming the fields that differ (never their values). Same body as 422; nothing written. ' +
  'To change an event, retract it and send the right one under a new eventId';

/** A rejected batch or file: nothing of it was written. */
export class IngestRejectedError extends Error {
  constructor(
    readonly errors: RecordError[],
    readonly records: number,
    readonly errorCount = errors.length,
  ) {
    super(`${errorCount} problem(s) in ${records} record(s); nothing was written`);
  }

  /**
   * 409 Conflict when every refused record replays a stored eventId with other content: the
   * records are sound but contradict the store, and resending cannot help. A conflicting record
   * may carry other errors that follow from the same change (a replay with another childRef is
   * also "a different childRef" for its case). Any other bad record makes it 422, listing all.
   */
  get status(): HttpStatus.CONFLICT | HttpStatus.UNPROCESSABLE_ENTITY {
    const conflicting = new Set(this.errors.filter((e) => e.conflictingFields).map((e) => e.index));
    const onlyConflicts = conflicting.size > 0 && this.errors.every((e) => conflicting.has(e.index));
    return onlyConflicts ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
  }
}
