import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { CsvImportService } from './csv-import.service';
import { ImportsController } from './imports.controller';

@Module({
  imports: [EventsModule],
  controllers: [ImportsController],
  providers: [CsvImportService],
  exports: [CsvImportService],
})
export class ImportsModule {}
