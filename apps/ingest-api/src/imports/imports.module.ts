import { Module } from '@nestjs/common';
import { ComplianceCoreModule, SchoolReturnsModule } from '@app/compliance';
import { AuditCoreModule } from '../audit/audit-core.module';
import { EventsModule } from '../events/events.module';
import { CsvImportService } from './csv-import.service';
import { ExtractImportService } from './extracts/extract-import.service';
import { ImportsController } from './imports.controller';
import { ChecksController } from './sen2/checks.controller';
import { Sen2CheckService } from './sen2/sen2-check.service';
import { SchoolReturnImportService } from './school-returns/school-return-import.service';
import { Sen2ImportService } from './sen2/sen2-import.service';
import { StagedFileImport } from './staged-file-import';

@Module({
  imports: [EventsModule, ComplianceCoreModule, AuditCoreModule, SchoolReturnsModule],
  controllers: [ImportsController, ChecksController],
  providers: [StagedFileImport, CsvImportService, Sen2ImportService, Sen2CheckService, ExtractImportService, SchoolReturnImportService],
  exports: [CsvImportService, Sen2ImportService, Sen2CheckService, ExtractImportService, SchoolReturnImportService],
})
export class ImportsModule {}
