// Keeps the schema distributable by LA (docs/scale-out.md): read from pg_catalog of the migrated
// test database, so a migration that breaks the rule fails here. Every table holding an LA's data
// is keyed by la_code first (a distribution column must be in every primary key and unique index),
// no foreign key joins two LAs' rows, and every join in the code between two such tables is on
// la_code. The few tables that are not distributed are listed, each with its reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');

/** Tables that are not distributed by LA, and why (Citus: the reference table, or tables kept on the coordinator). */
const NOT_DISTRIBUTED: Record<string, string> = {
  local_authorities: 'the LA list itself: a reference table, copied to every node, keyed by la_code',
  users: 'a person may hold several LAs (a commissioner): one row spans LAs; small, on the coordinator',
  sessions: "a user's sign-ins, found by token hash before any LA is known; on the coordinator",
  api_keys: 'found by key hash before its LA is known (UNIQUE key_hash); small, on the coordinator',
  audit_log: 'some actions concern no single LA (la_code empty); append-only, on the coordinator',
  job_runs: 'the ledger of period jobs, keyed by job id; some jobs span every LA (nightly:all:...)',
  schema_migrations: "TypeORM's record of applied migrations",
};

interface Key {
  table: string;
  index: string;
  columns: string[];
}

let db: Client;

async function rows<T>(sql: string): Promise<T[]> {
  return (await db.query(sql)).rows as T[];
}

/** Every ordinary or partitioned table of the public schema (partitions are covered by their parent). */
async function tables(): Promise<{ table: string; hasLa: boolean }[]> {
  return rows(`
    SELECT c.relname AS table,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'la_code' AND NOT a.attisdropped) AS "hasLa"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY 1`);
}

async function distributed(): Promise<string[]> {
  return (await tables()).filter((t) => !(t.table in NOT_DISTRIBUTED)).map((t) => t.table);
}

/** Source files of the apps and libraries (not specs, not migrations: those are checked through the catalog). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

describe('the schema stays distributable by LA', () => {
  it('holds an LA code in every table but the listed ones, and every listed table exists', async () => {
    const all = await tables();
    expect(all.filter((t) => !t.hasLa && !(t.table in NOT_DISTRIBUTED)).map((t) => t.table)).toEqual([]);
    expect(Object.keys(NOT_DISTRIBUTED).filter((name) => !all.some((t) => t.table === name))).toEqual([]);
  });

  it('leads every primary key and unique index of a distributed table with la_code', async () => {
    const keys = await rows<Key>(`
      SELECT c.relname AS table, i.relname AS index,
             array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
      FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND (ix.indisprimary OR ix.indisunique) AND NOT c.relispartition`);
    const names = await distributed();
    const checked = keys.filter((k) => names.includes(k.table));
    expect(checked.length).toBeGreaterThanOrEqual(names.length); // each has a primary key at least
    expect(checked.filter((k) => k.columns[0] !== 'la_code')).toEqual([]);
    for (const t of names) expect([t, keys.some((k) => k.table === t)]).toEqual([t, true]);
  });

  it('has no foreign key that crosses LAs or points from a coordinator table into a distributed one', async () => {
    const fks = await rows<{ name: string; from: string; to: string; pairs: string[] }>(`
      SELECT con.conname AS name, con.conrelid::regclass::text AS from, con.confrelid::regclass::text AS to,
             array(SELECT fa.attname || '=' || ta.attname FROM unnest(con.conkey, con.confkey) AS k(f, t)
                   JOIN pg_attribute fa ON fa.attrelid = con.conrelid AND fa.attnum = k.f
                   JOIN pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.t) AS pairs
      FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`);
    const names = await distributed();
    const bad = fks.filter((fk) => {
      if (fk.to === 'local_authorities') return false; // a distributed table may refer to the reference table
      if (names.includes(fk.to)) return !names.includes(fk.from) || !fk.pairs.includes('la_code=la_code');
      return names.includes(fk.from); // distributed to coordinator-only: Citus refuses it
    });
    expect(bad).toEqual([]);
    expect(fks.length).toBeGreaterThan(0); // the check saw the schema's keys
  });

  it('joins two LA tables only on la_code, everywhere in the code', async () => {
    const names = await distributed();
    // JOIN <table> [alias] ON|USING <clause>, the clause ending at the next clause keyword or the string's end.
    const clauseEnd = String.raw`(?=\bJOIN\b|\bWHERE\b|\bGROUP\b|\bORDER\b|` + '`|$)';
    const joinPattern = new RegExp(
      String.raw`\bJOIN\s+(${names.join('|')})\b(?:\s+(?:AS\s+)?\w+)?\s+(ON|USING)\b([\s\S]*?)` + clauseEnd,
      'gi',
    );
    const found: string[] = [];
    const offLa: string[] = [];
    for (const file of [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(joinPattern)) {
        const where = `${file.slice(ROOT.length + 1)}: JOIN ${m[1]} ${m[2]} ${m[3].trim().slice(0, 80)}`;
        found.push(where);
        if (!/\bla_code\b/.test(m[3])) offLa.push(where);
      }
    }
    expect(found.length).toBeGreaterThan(5); // the pattern does find the code's joins
    expect(offLa).toEqual([]);
  });
});
