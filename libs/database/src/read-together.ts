// Several read statements sent as one: each one's rows come back as one json column of a single row.
// On this machine a round trip costs node about 0.3 ms of CPU in the socket write alone (loopback
// TCP does the receiver's work in the sender's system call), and the nightly pass by change sends
// about 38 an LA; its snapshot's counts were eleven of them. Text, integer, float and json columns
// come back through JSON as pg gives them; a date or a bigint would not (a string, a number), so
// statements read together cast theirs (::text, ::int).

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * One statement that runs `statements` in turn, in one snapshot, and returns one row with a column
 * of each statement's name (code constants: they are written into the statement) holding its rows
 * as a JSON array. Each statement's $n is renumbered after the parameters of those before it.
 */
export function readTogether(statements: Record<string, Statement>): Statement {
  const params: unknown[] = [];
  const columns = Object.entries(statements).map(([name, s]) => {
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`readTogether: ${name} is not a column name`);
    const offset = params.length;
    const sql = s.sql.replace(/\$(\d+)/g, (_, n: string) => {
      if (Number(n) < 1 || Number(n) > s.params.length) throw new Error(`readTogether: $${n} of ${name} has no parameter`);
      return `$${offset + Number(n)}`;
    });
    params.push(...s.params);
    return `(SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t) AS "${name}"`;
  });
  return { sql: `SELECT ${columns.join(',\n')}`, params };
}
