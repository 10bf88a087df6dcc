import { Injectable } from '@nestjs/common';
import type { AuditEntry, AuditFilter, AuditRow } from './audit-entry';
import { AuditRepository } from './audit.repository';

/** The audit trail: every case read and every write, append-only (the table refuses UPDATE and DELETE). */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  record(entry: AuditEntry): Promise<void> {
    return this.repo.append(entry);
  }

  find(filter: AuditFilter): Promise<AuditRow[]> {
    return this.repo.find(filter);
  }
}
