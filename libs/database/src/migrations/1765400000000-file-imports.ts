import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `file_imports`: every file an import took or refused (who, when, the file's SHA-256 and size,
 * what it held and did), one row per LA the file's records name, so each LA sees its own imports
 * under row-level security. Counts and the hash only: never a file name or any of the file's
 * content. Written by the imports module (apps/ingest-api/src/imports/records).
 */
export class FileImports1765400000000 implements MigrationInterface {
  name = 'FileImports1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE file_imports (
        import_id uuid NOT NULL DEFAULT gen_random_uuid(),
        la_code text COLLATE "C" NOT NULL REFERENCES local_authorities (la_code),
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL CHECK (kind IN ('events', 'sen2', 'extract', 'school_return')),
        profile text,
        outcome text NOT NULL CHECK (outcome IN ('imported', 'refused')),
        actor_kind text NOT NULL,
        actor_id text,
        actor_label text,
        file_sha256 text,
        bytes bigint NOT NULL DEFAULT 0,
        records int NOT NULL DEFAULT 0,
        inserted int NOT NULL DEFAULT 0,
        duplicates int NOT NULL DEFAULT 0,
        cases int NOT NULL DEFAULT 0,
        new_cases int NOT NULL DEFAULT 0,
        retracted int NOT NULL DEFAULT 0,
        problems int NOT NULL DEFAULT 0,
        by_pathway jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (la_code, import_id)
      )`);
    await q.query(`CREATE INDEX file_imports_la_at_idx ON file_imports (la_code, at DESC)`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE file_imports`);
  }
}
