import { Module } from '@nestjs/common';
import { EventReader } from './event-reader';
import { EventWriter } from './event-writer';

/**
 * The event store: the events and cases tables, their one row type (StoredEvent), one conversion
 * back to contract events, one reader and the staged set-based writer. Every other module reads
 * and writes events through it. Needs the app's DatabaseModule (the DataSource).
 */
@Module({
  providers: [EventReader, EventWriter],
  exports: [EventReader, EventWriter],
})
export class EventStoreModule {}
