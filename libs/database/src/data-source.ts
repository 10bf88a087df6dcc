import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { QueryErrorLogger } from './query-error-logger';

/**
 * Settings every connection starts with. JIT compilation off: every statement here is sized to
 * answer in milliseconds, and one whose cost estimate crosses jit_above_cost (a national report;
 * a statement under row security, whose LAs the planner cannot see; a file's comparison with the
 * stored events) was compiled for 0.25 to 1 s before running for 20 to 300 ms.
 */
export const CONNECTION_OPTIONS = '-c jit=off';

/** Options shared by the apps (through Nest) and the CLI. Schema changes only by migration. */
export function dataSourceOptions(databaseUrl: string, options: Partial<DataSourceOptions> = {}): DataSourceOptions {
  const { extra, ...rest } = options as { extra?: Record<string, unknown> };
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
    logger: new QueryErrorLogger(),
    ...rest,
    // A pool of 10 a process; the apps keep some open when idle (`min`, databaseConnectionsKept).
    extra: { max: 10, application_name: 'send-monitor', options: CONNECTION_OPTIONS, ...extra },
  } as DataSourceOptions;
}

/**
 * The owner's DataSource, for migrations and tools that act as the system: it never scopes a
 * connection, whatever request scope it is called in. The apps' DataSource, which does, comes from
 * DatabaseModule (LaScopedDataSource). No @app/* import here or in migrate.ts: Jest's global setup
 * loads them without the path aliases.
 */
export function createDataSource(databaseUrl: string, options: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, options));
}
