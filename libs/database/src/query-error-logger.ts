import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own error log prints a failed query with its parameters, which carry children's
 * references. This one prints the error and the start of the statement, never parameters.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  logQuery(): void {}

  logQueryError(error: string | Error, query: string, _parameters?: unknown): void {
    const message = typeof error === 'string' ? error : error.message;
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'query failed', error: message, query: query.replace(/\s+/g, ' ').slice(0, 160) })}\n`,
    );
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
