import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { EventStoreRepository } from './event-store.repository';
import { EventsController } from './events.controller';
import { IngestService } from './ingest.service';

/** Owns the events and cases tables: validation, the all-or-nothing batch write, replays. */
@Module({
  controllers: [EventsController],
  providers: [EventStoreRepository, IngestService, Clock],
  exports: [EventStoreRepository, IngestService, Clock],
})
export class EventsModule {}
