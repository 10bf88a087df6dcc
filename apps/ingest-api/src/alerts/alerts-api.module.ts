import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '@app/compliance';
import { AuditCoreModule } from '../audit/audit-core.module';
import { AlertActorService } from './alert-actor.service';
import { AlertsController } from './alerts.controller';

@Module({ imports: [ComplianceCoreModule, AuditCoreModule], controllers: [AlertsController], providers: [AlertActorService] })
export class AlertsApiModule {}
