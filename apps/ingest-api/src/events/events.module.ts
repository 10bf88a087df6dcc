import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/database';
import { AuthCoreModule } from '../auth/auth-core.module';
import { EventsController } from './events.controller';
import { IngestService } from './ingest.service';

/** POST /v1/events: validation and the all-or-nothing batch write, through the event store. */
@Module({
  imports: [EventStoreModule, AuthCoreModule],
  controllers: [EventsController],
  providers: [IngestService],
  exports: [EventStoreModule, IngestService],
})
export class EventsModule {}
