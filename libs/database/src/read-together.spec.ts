import { readTogether } from './read-together';

describe('readTogether', () => {
  it("renumbers each statement's parameters after those before it, and names each column", () => {
    const one = readTogether({
      groups: { sql: 'SELECT a FROM t WHERE la = $1', params: ['805'] },
      plans: { sql: 'SELECT b FROM u WHERE la = $1 AND d BETWEEN $2 AND $3 AND $1 <> $3', params: ['805', 'x', 'y'] },
    });
    expect(one.params).toEqual(['805', '805', 'x', 'y']);
    expect(one.sql).toContain(`(SELECT coalesce(json_agg(t), '[]'::json) FROM (SELECT a FROM t WHERE la = $1) t) AS "groups"`);
    expect(one.sql).toContain('FROM (SELECT b FROM u WHERE la = $2 AND d BETWEEN $3 AND $4 AND $2 <> $4) t) AS "plans"');
  });

  it('refuses a parameter a statement was not given, and a name that is not a plain column name', () => {
    expect(() => readTogether({ a: { sql: 'SELECT $2', params: [1] } })).toThrow('$2 of a has no parameter');
    expect(() => readTogether({ 'a"; DROP': { sql: 'SELECT 1', params: [] } })).toThrow('is not a column name');
  });
});
