import {
  BadRequestException,
  Controller,
  HttpCode,
  HttpStatus,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/roles.decorator';
import { CONFLICT_ANSWER } from '../events/ingest-error';
import { CSV_COLUMNS } from './csv-columns';
import { CsvImportService, type ImportResult } from './csv-import.service';
import { ExtractImportService, type ExtractImportResult } from './extracts/extract-import.service';
import { ProfileError, UnknownProfileError } from './extracts/import-profile';
import { MissingSecretError } from './sen2/child-ref';
import { FileTooLargeError } from './staged-file-import';
import { Sen2ImportService, type Sen2ImportResult } from './sen2/sen2-import.service';
import { SchoolReturnQuery } from './school-returns/school-return-query.dto';
import { SchoolReturnImportService, type SchoolReturnImportResult } from './school-returns/school-return-import.service';

export class ExtractImportQuery {
  @Matches(/^[a-z0-9][a-z0-9-]{0,40}$/, { message: 'profile must name an import profile (config/import-profiles)' })
  profile!: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

/** An import's failures that are not bad rows, as HTTP answers in words (bad rows are IngestRejectedError's). */
async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof UnknownProfileError) throw new BadRequestException([e.message]);
    if (e instanceof ProfileError) throw new UnprocessableEntityException(e.message);
    if (e instanceof MissingSecretError) throw new ServiceUnavailableException(e.message);
    if (e instanceof FileTooLargeError) throw new PayloadTooLargeException(e.message);
    throw e;
  }
}

@ApiTags('imports')
@Controller('v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: CsvImportService,
    private readonly sen2: Sen2ImportService,
    private readonly extracts: ExtractImportService,
    private readonly schoolReturns: SchoolReturnImportService,
  ) {}

  @Post('school-return')
  @Roles('ingest')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Import a school's termly SEN support return",
    description:
      'A CSV with columns childRef, schoolUrn, needCode, ncYear, startedOn, lastReviewedOn: the pupils at SEN support in ' +
      "the school on returnedOn. Diffed with the school's previous return: new pupils start, a changed need is need_changed, " +
      'a later review date a review, and a pupil missing from it ends on returnedOn (reason not_in_return, corrected by a ' +
      "retract). flag reads 'first' for a school's first return and 'gap' when it sent none the term before. The same " +
      'return again writes nothing. All or nothing; problems name the line and column.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 200, description: 'Imported: pupils, starts, need changes, reviews, ends, events inserted and already held' })
  @ApiResponse({
    status: 422,
    description: "Bad rows, a school not on the LA's list, a return dated in the future, a pupil twice; nothing written",
  })
  @ApiResponse({ status: 413, description: 'The file is larger than IMPORT_MAX_MB; nothing written' })
  async importSchoolReturn(@Req() req: Request, @Query() q: SchoolReturnQuery): Promise<SchoolReturnImportResult> {
    if (!req.is('text/csv') && !req.is('application/csv'))
      throw new UnsupportedMediaTypeException('send the file as Content-Type: text/csv');
    return answered(this.schoolReturns.importReturn(req, q));
  }

  @Post('extract')
  @Roles('ingest')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import a case-list or referral extract through its mapping profile (streamed; any size)',
    description:
      'A CSV with a row per request, plan or referral and a column per date; the profile (config/import-profiles/NAME.json) ' +
      'says which column is which event. The same extract again writes nothing; a corrected date gives the new event and ' +
      'retracts the old, so re-importing the whole extract each night is the normal use. dryRun=true checks and counts ' +
      'everything and keeps nothing. All or nothing; problems name the line and column.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({
    status: 200,
    description: 'Imported (or, dry run, would import): rows, events inserted, cases new and touched, retracted',
  })
  @ApiResponse({ status: 400, description: 'No such profile' })
  @ApiResponse({ status: 422, description: 'Bad rows, a header the profile does not fit, or a profile with an error; nothing written' })
  @ApiResponse({ status: 409, description: CONFLICT_ANSWER })
  @ApiResponse({ status: 413, description: 'The file is larger than IMPORT_MAX_MB; nothing written' })
  @ApiResponse({ status: 503, description: 'The profile hashes child identifiers and CHILD_REF_SECRET is not set' })
  async importExtract(@Req() req: Request, @Query() q: ExtractImportQuery): Promise<ExtractImportResult> {
    if (!req.is('text/csv') && !req.is('application/csv'))
      throw new UnsupportedMediaTypeException('send the file as Content-Type: text/csv');
    return answered(this.extracts.importExtract(q.profile, req, { dryRun: q.dryRun === 'true' }));
  }

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
  @ApiResponse({ status: 413, description: 'The file is larger than IMPORT_MAX_MB; nothing written' })
  async importCsv(@Req() req: Request): Promise<ImportResult> {
    if (!req.is('text/csv') && !req.is('application/csv')) {
      throw new UnsupportedMediaTypeException('send the file as Content-Type: text/csv');
    }
    return answered(this.imports.importCsv(req));
  }

  @Post('sen2')
  @Roles('ingest')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import an SEN2 return (streamed; any size)',
    description:
      'The person-level XML an LA sends the DfE. Each request becomes an EHC assessment case and each active plan an ' +
      'annual review case; child references are keyed hashes of the UPN (names, UPNs and postcodes are never kept). ' +
      'Event ids come from the content, so the same file twice writes nothing. All or nothing; problems name the ' +
      'person and request by position.',
  })
  @ApiConsumes('application/xml')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 200, description: 'Imported: the LA, persons, events, inserted, duplicates' })
  @ApiResponse({ status: 422, description: 'Bad XML, a file for an LA the caller does not hold, or bad records; nothing written' })
  @ApiResponse({ status: 409, description: CONFLICT_ANSWER })
  @ApiResponse({ status: 413, description: 'The file is larger than IMPORT_MAX_MB; nothing written' })
  @ApiResponse({ status: 503, description: 'Imports are not configured on this deployment (no CHILD_REF_SECRET)' })
  async importSen2(@Req() req: Request): Promise<Sen2ImportResult> {
    if (!req.is('application/xml') && !req.is('text/xml')) {
      throw new UnsupportedMediaTypeException('send the file as Content-Type: application/xml');
    }
    return answered(this.sen2.importSen2(req));
  }
}
