import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '@app/compliance';
import { AlertsController } from './alerts.controller';

@Module({ imports: [ComplianceCoreModule], controllers: [AlertsController] })
export class AlertsApiModule {}
