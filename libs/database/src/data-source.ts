import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { QueryErrorLogger } from './query-error-logger';

/** Options shared by the apps (through Nest) and the CLI. Schema changes only by migration. */
export function dataSourceOptions(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
    logger: new QueryErrorLogger(),
    extra: { max: 10, application_name: 'send-monitor' },
    ...extra,
  } as DataSourceOptions;
}

/**
 * The owner's DataSource, for migrations and tools that act as the system: it never scopes a
 * connection, whatever request scope it is called in. The apps' DataSource, which does, comes from
 * DatabaseModule (LaScopedDataSource). No @app/* import here or in migrate.ts: Jest's global setup
 * loads them without the path aliases.
 */
export function createDataSource(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, extra));
}
