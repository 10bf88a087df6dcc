import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CaseEvent } from '@app/rules';
import { csvHeader, eventToCsvLine } from '../imports/csv-columns';
import type { EventSink } from './event-sink';

/** Writes the events as a CSV of the import format, honouring the stream's backpressure. */
export class CsvFileSink implements EventSink {
  private readonly out: WriteStream;

  constructor(file: string) {
    this.out = createWriteStream(file);
    this.out.write(csvHeader());
  }

  async write(batch: CaseEvent[]): Promise<void> {
    let text = '';
    for (const e of batch) text += eventToCsvLine(e);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
