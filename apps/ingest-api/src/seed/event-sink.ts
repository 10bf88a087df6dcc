import type { CaseEvent } from '@app/rules';

/** Where generated batches go: the database (the CLI's sink) or a CSV file. */
export interface EventSink {
  write(batch: CaseEvent[]): Promise<void>;
}
