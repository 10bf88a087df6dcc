import { QueryErrorLogger } from './query-error-logger';

describe('QueryErrorLogger', () => {
  it('logs a failed query without its parameters', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      new QueryErrorLogger().logQueryError(new Error('duplicate key'), 'INSERT INTO alerts\n  (la_code, child_ref) VALUES ($1, $2)', [
        '805',
        'C-00042',
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0])).toEqual({
      level: 'error',
      msg: 'query failed',
      error: 'duplicate key',
      query: 'INSERT INTO alerts (la_code, child_ref) VALUES ($1, $2)',
    });
    expect(written[0]).not.toContain('C-00042');
  });
});
