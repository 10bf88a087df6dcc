import type { CaseEvent } from '@app/rules';
import type { IngestService } from '../events/ingest.service';

/** Where the seed's batches go when it writes to the database: the trusted ingest path. */
export class DatabaseSink {
  inserted = 0;
  duplicates = 0;

  constructor(private readonly ingest: IngestService) {}

  async write(batch: CaseEvent[]): Promise<void> {
    const result = await this.ingest.ingestTrusted(batch, 'seed');
    this.inserted += result.inserted;
    this.duplicates += result.duplicates;
  }
}
