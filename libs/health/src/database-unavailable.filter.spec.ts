import { type ArgumentsHost, Logger } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DatabaseUnavailableFilter, isDatabaseUnavailable } from './database-unavailable.filter';

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}

function pgError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    [
      'a connection cut mid-query (TypeORM wraps it)',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
    ],
    ['a server shutting down', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', pgError('08006', 'connection failure')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a connect to several addresses', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')])],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value'))],
    ['a syntax error', pgError('42601', 'syntax error at or near')],
    ['a plain error', new Error('something else')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('DatabaseUnavailableFilter', () => {
  it('answers 503 with a JSON body naming the database, and Retry-After', () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined); // keeps the spec's output quiet
    const res = { headersSent: false, status: jest.fn(), set: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
    res.set.mockReturnValue(res);
    const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
    new DatabaseUnavailableFilter().catch(socketError('ECONNREFUSED'), host);
    expect(res.status).toHaveBeenCalledWith(503);
    expect(res.set).toHaveBeenCalledWith('Retry-After', '5');
    expect(res.json).toHaveBeenCalledWith({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringContaining('database'),
      dependency: 'database',
    });
  });
});
