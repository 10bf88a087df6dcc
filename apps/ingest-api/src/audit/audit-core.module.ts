import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** Recording and reading the audit trail, without HTTP: the API and the CLI both record. */
@Module({ providers: [AuditRepository, AuditService], exports: [AuditService] })
export class AuditCoreModule {}
