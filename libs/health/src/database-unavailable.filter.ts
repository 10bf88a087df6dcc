import { type ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server going or not yet there: shutting down, crashed, starting up, full. Class 08 is tested apart. */
const SERVER_AWAY_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg and pg-pool say of a connection lost or never had, without a code. */
const CONNECTION_LOST = /^Connection terminated|is not queryable|timeout exceeded when trying to connect/;

/**
 * Whether an error means PostgreSQL is out of reach rather than that a statement was wrong: a
 * connection refused or cut, a server shutting down, crashed or still recovering. Looks through
 * TypeORM's QueryFailedError (driverError), causes and AggregateErrors (Node's connect to several
 * addresses). Socket errors are taken as the database's: in a request, the API's only other
 * network dependency, Redis, is reached by /health alone, which answers for itself.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || SERVER_AWAY_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && CONNECTION_LOST.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return inner.some((i) => i !== error && isDatabaseUnavailable(i, depth + 1));
}

export interface DependencyUnavailableBody {
  statusCode: 503;
  error: 'Service Unavailable';
  message: string;
  dependency: 'database';
}

/**
 * 503 with a JSON body naming the database when a request fails because PostgreSQL is away (a
 * restart, a crash, a failover), instead of Nest's bare 500: the client learns to try again later,
 * and Retry-After says when. Ingest is safe to repeat: a batch or file cut off before its commit
 * left nothing, and a replayed eventId is not stored twice. Nothing needs restarting afterwards:
 * the pool drops broken connections and opens new ones once the server is back. Every other error
 * goes on to Nest's own handling. Registered with APP_FILTER by HealthModule, so it is consulted
 * after the filters an app sets with useGlobalFilters (Nest tries the last registered first).
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('DatabaseUnavailable');

  override catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isDatabaseUnavailable(error)) return super.catch(error, host);
    const res = host.switchToHttp().getResponse<Response>();
    // The error's message only: a failed statement's parameters may carry children's references.
    this.logger.warn({ msg: 'database unavailable; answered 503', err: (error as Error).message });
    if (res.headersSent) {
      res.end();
      return;
    }
    const body: DependencyUnavailableBody = {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: 'The database is unavailable; try again shortly.',
      dependency: 'database',
    };
    res.status(HttpStatus.SERVICE_UNAVAILABLE).set('Retry-After', '5').json(body);
  }
}
