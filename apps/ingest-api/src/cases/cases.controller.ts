import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsCalendarDate, IsLaCode, REFERENCE_PATTERN } from '../common/validators';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { type CaseView, CasesService } from './cases.service';

class CaseParams {
  @IsLaCode()
  la: string;

  @Matches(REFERENCE_PATTERN, { message: 'caseRef is not a valid reference' })
  caseRef: string;
}

class CaseQuery {
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get(':la/:caseRef')
  @Roles('caseworker', 'team_manager', 'leader')
  @Audited('case.read')
  @ApiOperation({
    summary: 'A case, its whole timeline in date order, and each milestone (key, dueOn, doneOn, state)',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'Evaluate as of this date (default: today, Europe/London)' })
  async get(@Param() params: CaseParams, @Query() query: CaseQuery): Promise<CaseView> {
    const view = await this.cases.getCase(params.la, params.caseRef, query.asOf);
    if (!view) throw new NotFoundException(`no case ${params.caseRef} in LA ${params.la}`);
    return view;
  }
}
