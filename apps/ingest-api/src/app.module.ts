import { Module } from '@nestjs/common';
import { AppLoggerModule, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { MetricsModule } from '@app/metrics';
import { RedisModule } from '@app/queue';
import { AlertsApiModule } from './alerts/alerts-api.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { EventsModule } from './events/events.module';
import { ImportsModule } from './imports/imports.module';
import { TargetsApiModule } from './targets/targets-api.module';
import { SummariesApiModule } from './summaries/summaries-api.module';
import { PagesModule } from './pages/pages.module';
import { ReportsApiModule } from './reports/reports-api.module';

@Module({
  imports: [
    ConfigModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    MetricsModule,
    AuthModule,
    AuditModule,
    EventsModule,
    ImportsModule,
    CasesModule,
    AlertsApiModule,
    TargetsApiModule,
    SummariesApiModule,
    PagesModule,
    ReportsApiModule,
  ],
})
export class AppModule {}
