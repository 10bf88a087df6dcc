import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withClientTransaction } from '../in-transaction';
import { StagingSession } from './staging-session';

/**
 * The event store's one way in: every batch, file and seed is staged, checked as a set and written
 * with one statement, in one transaction (see staging.sql.ts).
 */
@Injectable()
export class EventWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction with a fresh staging table (made in the opening's round trip).
   * A throw rolls everything back, so a rejected batch or file leaves nothing behind.
   */
  inStagingTransaction<T>(work: (session: StagingSession) => Promise<T>): Promise<T> {
    return withClientTransaction(this.dataSource, { prepare: StagingSession.OPENING }, (client) => work(new StagingSession(client)));
  }

  /** As inStagingTransaction, for a batch or file written in parts: what the parts need is made in the opening too. */
  inPartsTransaction<T>(work: (session: StagingSession) => Promise<T>): Promise<T> {
    const prepare = [...StagingSession.OPENING, ...StagingSession.PARTS_OPENING];
    return withClientTransaction(this.dataSource, { prepare }, (client) => work(new StagingSession(client, true)));
  }

  /** The LA codes an event may name. */
  async knownLaCodes(): Promise<Set<string>> {
    const rows: { la_code: string }[] = await this.dataSource.query('SELECT la_code FROM local_authorities');
    return new Set(rows.map((r) => r.la_code));
  }
}
