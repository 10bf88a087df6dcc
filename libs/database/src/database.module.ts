import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { LaScopedDataSource } from '@app/access';
import { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source';

/**
 * The one TypeORM DataSource of an app, configured from AppConfig. Every app's is a
 * LaScopedDataSource: the API's requests run under their principal's LAs; the worker and the
 * CLI never open a request scope, so they run as the owner, as before.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl, { extra: { min: config.databaseConnectionsKept } }),
      dataSourceFactory: async (options?: DataSourceOptions) => new LaScopedDataSource(options!),
    }),
  ],
})
export class DatabaseModule {}
