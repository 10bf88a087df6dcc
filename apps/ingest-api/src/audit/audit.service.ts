import { Injectable, Logger } from '@nestjs/common';
import type { AuditEntry, AuditFilter, AuditRow } from './audit-entry';
import { auditable } from './auditable';
import { AuditRepository } from './audit.repository';

/** The audit trail: every case read and every write, append-only (the table refuses UPDATE and DELETE). */
@Injectable()
export class AuditService {
  private readonly log = new Logger('AuditService');

  constructor(private readonly repo: AuditRepository) {}

  /** Records the entry as the trail may hold it (auditable): what the request carried cannot make the write fail. */
  record(entry: AuditEntry): Promise<void> {
    return this.repo.append(auditable(entry));
  }

  /**
   * Records a refusal. The refusal is the answer whatever happens here: were the write itself
   * to fail (the database gone), the request is still refused as it was, not turned into a 500,
   * and the failure is logged (the action and status only, no reference).
   */
  async recordRefusal(entry: AuditEntry): Promise<void> {
    try {
      await this.record(entry);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const why = typeof code === 'string' ? code : 'error';
      this.log.error(`audit write failed for a refusal: ${entry.action} ${entry.status ?? ''} (${why})`);
    }
  }

  find(filter: AuditFilter): Promise<AuditRow[]> {
    return this.repo.find(filter);
  }
}
