/** One problem with one record: which record (by index and eventId), which field, and why. */
export interface RecordError {
  index: number;
  eventId?: string;
  field: string;
  reason: string;
  /** For file imports: the line of the file the record ends on. */
  line?: number;
  /** For imports whose records are not lines (an SEN2 Person): where it is, by position ("person 3, request 1"). */
  record?: string;
  /**
   * Set only when the eventId is already stored with other content (a conflict, answered 409):
   * the names of the fields that differ, never their values.
   */
  conflictingFields?: string[];
}
