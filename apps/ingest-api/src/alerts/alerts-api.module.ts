import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '@app/compliance';
import { AuditCoreModule } from '../audit/audit-core.module';
import { AlertActorService } from './alert-actor.service';
import { AlertsController } from './alerts.controller';

/** The alerts API; AlertActorService is exported so the case page applies the same rule of who acts on an alert. */
@Module({
  imports: [ComplianceCoreModule, AuditCoreModule],
  controllers: [AlertsController],
  providers: [AlertActorService],
  exports: [AlertActorService],
})
export class AlertsApiModule {}
