import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Metrics } from '@app/metrics';

/** send_database_up at each scrape: 1 if PostgreSQL answers SELECT 1 within two seconds, else 0. */
@Injectable()
export class DatabaseProbe implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.probe());
  }

  private async probe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000);
    });
    try {
      await Promise.race([this.db.query('SELECT 1'), timeout]);
      this.metrics.databaseUp.set(1);
    } catch {
      this.metrics.databaseUp.set(0);
    } finally {
      clearTimeout(timer);
    }
  }
}
