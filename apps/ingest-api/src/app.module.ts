import { Module } from '@nestjs/common';
import { AppLoggerModule, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { RedisModule } from '@app/queue';
import { CasesModule } from './cases/cases.module';
import { EventsModule } from './events/events.module';
import { ImportsModule } from './imports/imports.module';

@Module({
  imports: [
    ConfigModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    EventsModule,
    ImportsModule,
    CasesModule,
  ],
})
export class AppModule {}
