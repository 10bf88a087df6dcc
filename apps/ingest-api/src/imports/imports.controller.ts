import { Controller, HttpCode, HttpStatus, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/roles.decorator';
import { CONFLICT_ANSWER } from '../events/ingest-error';
import { CSV_COLUMNS } from './csv-columns';
import { CsvImportService, type ImportResult } from './csv-import.service';

@ApiTags('imports')
@Controller('v1/imports')
export class ImportsController {
  constructor(private readonly imports: CsvImportService) {}

  @Post()
  @Roles('ingest')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import a CSV of events (streamed; any size)',
    description: `Columns: ${CSV_COLUMNS.join(', ')}. Same validation as POST /v1/events, replays included; all or nothing.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 200, description: 'Imported: rows, inserted, duplicates' })
  @ApiResponse({ status: 422, description: 'Bad rows (index, line, field, reason); nothing written' })
  @ApiResponse({ status: 409, description: CONFLICT_ANSWER })
  async importCsv(@Req() req: Request): Promise<ImportResult> {
    if (!req.is('text/csv') && !req.is('application/csv')) {
      throw new UnsupportedMediaTypeException('send the file as Content-Type: text/csv');
    }
    return this.imports.importCsv(req, 'import');
  }
}
