import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '@app/compliance';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AuditCoreModule } from '../audit/audit-core.module';
import { AuthCoreModule } from '../auth/auth-core.module';
import { EventsModule } from '../events/events.module';
import { ImportsModule } from '../imports/imports.module';

/** What the shell commands need: the database and the ingest path, no HTTP and no Redis. */
@Module({ imports: [ConfigModule, DatabaseModule, EventsModule, ImportsModule, ComplianceCoreModule, AuthCoreModule, AuditCoreModule] })
export class CliModule {}
