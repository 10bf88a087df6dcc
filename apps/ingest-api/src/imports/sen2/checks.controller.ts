import {
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { csvLine } from '@app/compliance';
import { Audited } from '../../audit/audited.decorator';
import { Roles } from '../../auth/roles.decorator';
import { MissingSecretError } from './child-ref';
import { sen2CheckCsv, type Sen2CheckReport } from './sen2-check';
import { Sen2CheckService } from './sen2-check.service';

export class Sen2CheckQuery {
  @IsOptional()
  @Matches(/^20\d{2}$/, { message: 'year must be a calendar year like 2025' })
  year?: string;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('imports')
@Controller('v1/checks')
export class ChecksController {
  constructor(private readonly checks: Sen2CheckService) {}

  @Post('sen2')
  @Roles('team_manager', 'leader')
  @Audited('sen2.check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Check an SEN2 return before submitting it (writes nothing)',
    description:
      'The DfE figures the file gives for the year (final plans within 20 weeks including and excluding exceptions, decisions ' +
      "within 6 weeks), the same figures from the monitor's milestones for the same children, every case where they differ and " +
      'why, and the record-level problems COLLECT would query. Cases are named by their position in the file (person, request) ' +
      "or the monitor's case reference, never by who the child is. `year` defaults to the year before the collection's.",
  })
  @ApiConsumes('application/xml')
  @ApiProduces('application/json', 'text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 200, description: 'The check' })
  @ApiResponse({ status: 422, description: 'Bad XML, no Header, or a file for an LA the caller does not hold' })
  @ApiResponse({ status: 503, description: 'Checks are not configured on this deployment (no CHILD_REF_SECRET)' })
  async checkSen2(
    @Req() req: Request,
    @Query() q: Sen2CheckQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Sen2CheckReport | string> {
    if (!req.is('application/xml') && !req.is('text/xml'))
      throw new UnsupportedMediaTypeException('send the file as Content-Type: application/xml');
    let report: Sen2CheckReport;
    try {
      report = await this.checks.check(req, q.year ? Number(q.year) : undefined);
    } catch (e) {
      if (e instanceof MissingSecretError) throw new ServiceUnavailableException(e.message);
      throw e;
    }
    if (q.format !== 'csv') return report;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="sen2-check-${report.la}-${report.year}.csv"`);
    return sen2CheckCsv(report, csvLine);
  }
}
