import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { csvLine } from '@app/compliance';
import { IsCalendarDate, IsLaCode, REFERENCE_PATTERN } from '../common/validators';
import { AUDIT_CSV_COLUMNS, type AuditRow } from './audit-entry';
import { AuditService } from './audit.service';

class AuditQuery {
  @IsOptional()
  @IsLaCode()
  la?: string;

  /** A user's email or a key's name, or kind:id ('key:12', 'user:3'). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @IsOptional()
  @Matches(/^[\w.: /-]{1,100}$/, { message: 'action is not an audit action' })
  action?: string;

  @IsOptional()
  @Matches(REFERENCE_PATTERN, { message: 'caseRef is not a valid reference' })
  caseRef?: string;

  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  limit?: number;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** The audit trail for administrators (no @Roles: administrators only). */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first: who read or wrote what, when (administrators; CSV with format=csv)' })
  async find(@Query() q: AuditQuery, @Res({ passthrough: true }) res: Response): Promise<AuditRow[] | string> {
    const rows = await this.audit.find({ ...q, limit: q.limit ?? 1000 });
    if (q.format !== 'csv') return rows;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="audit.csv"');
    const cell = (r: AuditRow, c: keyof AuditRow) => (c === 'detail' ? JSON.stringify(r.detail) : (r[c] as string | number | null));
    return [AUDIT_CSV_COLUMNS.join(','), ...rows.map((r) => csvLine(AUDIT_CSV_COLUMNS.map((c) => cell(r, c))))].join('\r\n') + '\r\n';
  }
}
