import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { CsvImportService } from './csv-import.service';
import { ImportsController } from './imports.controller';
import { Sen2ImportService } from './sen2/sen2-import.service';
import { StagedFileImport } from './staged-file-import';

@Module({
  imports: [EventsModule],
  controllers: [ImportsController],
  providers: [StagedFileImport, CsvImportService, Sen2ImportService],
  exports: [CsvImportService, Sen2ImportService],
})
export class ImportsModule {}
