import { BadRequestException, Body, Controller, HttpCode, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '@app/config';
import { BodySubject, setAuditSubject } from '../audit/audit-detail';
import type { AuthedRequest } from '../auth/auth.guard';
import { LaGate } from '../auth/la-gate';
import { addBodyLas } from '../auth/requested-las';
import { Roles } from '../auth/roles.decorator';
import { bodyLimitBytes, drained, isStreamedJson } from '../common/streamed-json';
import { CONFLICT_ANSWER } from './ingest-error';
import { type IngestResult, IngestService } from './ingest.service';
import { tooLarge } from './json-record-slices';

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
  private readonly byteLimit: number;

  constructor(
    private readonly ingest: IngestService,
    private readonly gate: LaGate,
    config: AppConfig,
  ) {
    this.byteLimit = bodyLimitBytes(config.ingestBodyLimit);
  }

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
  @ApiResponse({ status: 400, description: 'The body is not valid JSON (the record where it breaks is named)' })
  @ApiResponse({ status: 422, description: 'Bad records (index, field, reason); nothing written' })
  @ApiResponse({ status: 409, description: CONFLICT_ANSWER })
  @ApiResponse({ status: 413, description: 'Body or batch over the limit' })
  async record(@Body() body: unknown, @Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<IngestResult> {
    // A compressed body, or one in another charset, was read whole by the body parser.
    if (!isStreamedJson(req)) return this.ingest.ingest(body, 'api');
    return this.recordAsItArrives(req, res);
  }

  /**
   * Plain UTF-8 JSON is read as it arrives: its first records are validated and written while the
   * rest is still on its way. The LAs its records name pass the same gate as a parsed body's, once
   * it is read; a refusal is answered after the rest of the body is read and dropped.
   */
  private async recordAsItArrives(req: AuthedRequest, res: Response): Promise<IngestResult> {
    const subject = new BodySubject();
    const las = new Set<string>();
    try {
      if (Number(req.headers['content-length'] ?? 0) > this.byteLimit) throw tooLarge(this.byteLimit);
      // Not destroyed when reading stops early (a refusal): that would close the connection before the answer.
      const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
      return await this.ingest.ingestJson(body, {
        byteLimit: this.byteLimit,
        onSlice: ({ records }) => {
          subject.note(records);
          addBodyLas(records, las);
        },
        afterRead: () => this.gate.check(req, req.principal!, { codes: [...las], malformed: [] }),
      });
    } catch (e) {
      // A client gone before its body ended: a refusal of the body (400), never a server error.
      if (req.readableAborted && !(e instanceof HttpException))
        throw new BadRequestException('the request was aborted before its body ended');
      await drained(req);
      throw e;
    } finally {
      setAuditSubject(res, subject.subject());
    }
  }
}
