import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { StagingSession } from './staging-session';

/**
 * The event store's one way in: every batch, file and seed is staged, checked as a set and written
 * with one statement, in one transaction (see staging.sql.ts).
 */
@Injectable()
export class EventWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction with a fresh staging table. A throw rolls everything back,
   * so a rejected batch or file leaves nothing behind.
   */
  async inStagingTransaction<T>(work: (session: StagingSession) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN');
      const result = await work(await StagingSession.open(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }

  /** The LA codes an event may name. */
  async knownLaCodes(): Promise<Set<string>> {
    const rows: { la_code: string }[] = await this.dataSource.query('SELECT la_code FROM local_authorities');
    return new Set(rows.map((r) => r.la_code));
  }
}
