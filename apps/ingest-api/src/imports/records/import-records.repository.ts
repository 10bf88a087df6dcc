import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ImportRecord, ImportRecordInput } from './import-record';

const COLUMNS = `import_id AS "importId", la_code AS la, at, kind, profile, outcome, actor_label AS "actorLabel",
  file_sha256 AS "fileSha256", bytes::float8 AS bytes, records, inserted, duplicates, cases, new_cases AS "newCases",
  retracted, problems, by_pathway AS "byPathway"`;

/** The only code that touches file_imports. Runs in the caller's scope: row security shows each LA its own. */
@Injectable()
export class ImportRecordsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async append(rows: ImportRecordInput[]): Promise<void> {
    if (!rows.length) return;
    const id = (await this.db.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
    // One statement for every LA of the file, under one import id.
    await this.db.query(
      `INSERT INTO file_imports (import_id, la_code, kind, profile, outcome, actor_kind, actor_id, actor_label, file_sha256,
         bytes, records, inserted, duplicates, cases, new_cases, retracted, problems, by_pathway)
       SELECT $1, r.la, r.kind, r.profile, r.outcome, r.actor_kind, r.actor_id, r.actor_label, r.file_sha256,
         r.bytes, r.records, r.inserted, r.duplicates, r.cases, r.new_cases, r.retracted, r.problems, r.by_pathway
       FROM jsonb_to_recordset($2::jsonb) AS r(la text, kind text, profile text, outcome text, actor_kind text, actor_id text,
         actor_label text, file_sha256 text, bytes bigint, records int, inserted int, duplicates int, cases int, new_cases int,
         retracted int, problems int, by_pathway jsonb)`,
      [
        id,
        JSON.stringify(
          rows.map((r) => ({
            la: r.la,
            kind: r.kind,
            profile: r.profile,
            outcome: r.outcome,
            actor_kind: r.actor.kind,
            actor_id: r.actor.id,
            actor_label: r.actor.label,
            file_sha256: r.fileSha256,
            bytes: r.bytes,
            records: r.records,
            inserted: r.inserted,
            duplicates: r.duplicates,
            cases: r.cases,
            new_cases: r.newCases,
            retracted: r.retracted,
            problems: r.problems,
            by_pathway: r.byPathway,
          })),
        ),
      ],
    );
  }

  /** An LA's imports, newest first. */
  async list(la: string, limit: number, offset = 0): Promise<ImportRecord[]> {
    const rows: (ImportRecord & { at: Date })[] = await this.db.query(
      `SELECT ${COLUMNS} FROM file_imports WHERE la_code = $1 ORDER BY at DESC, import_id LIMIT $2 OFFSET $3`,
      [la, limit, offset],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  async count(la: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM file_imports WHERE la_code = $1`, [la]);
    return rows[0].n;
  }
}
