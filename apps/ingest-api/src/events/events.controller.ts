import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CONFLICT_ANSWER } from './ingest-error';
import { type IngestResult, IngestService } from './ingest.service';

const EXAMPLE = {
  eventId: 'MIS-000123',
  la: '805',
  caseRef: 'EHC-2026-0001',
  childRef: 'C-00042',
  pathway: 'ehc_assessment',
  type: 'request_received',
  date: '2026-01-05',
  needCode: 'SLCN',
};

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @Roles('ingest')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record one event or a batch of up to 10,000',
    description:
      'All or nothing: if any record is bad the answer is 422 listing every bad record by index, field and ' +
      'reason, and nothing is written. A replayed eventId with the same content is a no-op, reported as a ' +
      'duplicate; with other content it is a conflict (409), and nothing is written.',
  })
  @ApiBody({
    schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }], example: [EXAMPLE] },
  })
  @ApiResponse({ status: 200, description: 'Stored; counts of inserted and duplicate events' })
  @ApiResponse({ status: 422, description: 'Bad records (index, field, reason); nothing written' })
  @ApiResponse({ status: 409, description: CONFLICT_ANSWER })
  @ApiResponse({ status: 413, description: 'Body or batch over the limit' })
  async record(@Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingest(body, 'api');
  }
}
