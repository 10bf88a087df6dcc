import { Module } from '@nestjs/common';
import { ComplianceCoreModule, SchoolReturnsModule } from '@app/compliance';
import { AuditCoreModule } from '../audit/audit-core.module';
import { EventsModule } from '../events/events.module';
import { CsvImportService } from './csv-import.service';
import { ExtractImportService } from './extracts/extract-import.service';
import { ImportsController } from './imports.controller';
import { ImportRecordsRepository } from './records/import-records.repository';
import { ImportRecordsService } from './records/import-records.service';
import { ChecksController } from './sen2/checks.controller';
import { Sen2CheckService } from './sen2/sen2-check.service';
import { SchoolReturnImportService } from './school-returns/school-return-import.service';
import { Sen2ImportService } from './sen2/sen2-import.service';
import { StagedFileImport } from './staged-file-import';
import { ImportUploadsService } from './uploads/import-uploads.service';

@Module({
  imports: [EventsModule, ComplianceCoreModule, AuditCoreModule, SchoolReturnsModule],
  controllers: [ImportsController, ChecksController],
  providers: [
    StagedFileImport,
    CsvImportService,
    Sen2ImportService,
    Sen2CheckService,
    ExtractImportService,
    SchoolReturnImportService,
    ImportRecordsRepository,
    ImportRecordsService,
    ImportUploadsService,
  ],
  exports: [
    CsvImportService,
    Sen2ImportService,
    Sen2CheckService,
    ExtractImportService,
    SchoolReturnImportService,
    ImportRecordsService,
    ImportUploadsService,
  ],
})
export class ImportsModule {}
