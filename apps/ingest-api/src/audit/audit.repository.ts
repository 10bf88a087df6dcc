import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsSystem } from '@app/access';
import type { AuditEntry, AuditFilter, AuditRow } from './audit-entry';

/** The only code that touches audit_log: appends as the owner, reads under the request's row security. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async append(e: AuditEntry): Promise<void> {
    const p = e.principal;
    await runAsSystem(() =>
      this.db.query(
        `INSERT INTO audit_log (la_code, actor_kind, actor_id, actor_label, actor_role, action, case_ref, method, path, status, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          e.la ?? null,
          p?.kind ?? (e.system ? 'system' : 'anonymous'),
          p?.id ?? null,
          p?.label ?? e.system ?? null,
          p?.role ?? null,
          e.action,
          e.caseRef ?? null,
          e.method ?? null,
          e.path ?? null,
          e.status ?? null,
          JSON.stringify(e.detail ?? {}),
        ],
      ),
    );
  }

  /** Newest first. Runs in the caller's scope: an administrator's request sees every LA. */
  async find(f: AuditFilter): Promise<AuditRow[]> {
    return this.db.query(
      `SELECT audit_id::text AS "auditId", to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
              la_code AS la, actor_kind AS "actorKind", actor_id AS "actorId", actor_label AS "actorLabel",
              actor_role AS "actorRole", action, case_ref AS "caseRef", method, path, status, detail
       FROM audit_log
       WHERE ($1::text IS NULL OR la_code = $1)
         AND ($2::text IS NULL OR actor_label = $2 OR actor_kind || ':' || actor_id = $2)
         AND ($3::text IS NULL OR action = $3)
         AND ($4::text IS NULL OR case_ref = $4)
         AND ($5::date IS NULL OR at >= ($5::date AT TIME ZONE 'Europe/London'))
         AND ($6::date IS NULL OR at < (($6::date + 1) AT TIME ZONE 'Europe/London'))
       ORDER BY audit_id DESC LIMIT $7`,
      [f.la ?? null, f.actor ?? null, f.action ?? null, f.caseRef ?? null, f.from ?? null, f.to ?? null, f.limit],
    );
  }
}
