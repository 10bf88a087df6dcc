import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/database';
import { Clock } from '../common/clock';
import { EventsController } from './events.controller';
import { IngestService } from './ingest.service';

/** POST /v1/events: validation and the all-or-nothing batch write, through the event store. */
@Module({
  imports: [EventStoreModule],
  controllers: [EventsController],
  providers: [IngestService, Clock],
  exports: [EventStoreModule, IngestService, Clock],
})
export class EventsModule {}
