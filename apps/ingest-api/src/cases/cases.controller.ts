import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsCalendarDate, IsLaCode, REFERENCE_PATTERN } from '../common/validators';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { type CaseView, CasesService, type NotApplicableExceptions } from './cases.service';

class CaseParams {
  @IsLaCode()
  la: string;

  @Matches(REFERENCE_PATTERN, { message: 'caseRef is not a valid reference' })
  caseRef: string;
}

class LaParams {
  @IsLaCode()
  la: string;
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

  // Declared before ':la/:caseRef' (three segments, so the two never meet; the order only reads well).
  @Get(':la/exceptions/not-applicable')
  @Roles('caseworker', 'team_manager', 'leader')
  @Audited('case.list')
  @ApiOperation({
    summary: 'Data quality: every EHC exception recorded but not applicable in an LA, with why',
    description:
      'An exception lifts a time limit only as the SEND Regulations 2014 allow (reg 5(4), 8(2), 10(4), 13(3), 27(3)); one that ' +
      'cannot apply (a closure with no educational advice asked in its window, an absence of under 4 weeks within the step, ' +
      'a missed appointment naming no service...) lifts nothing and is listed here with its case, date, reason and why.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'Evaluate as of this date (default: today, Europe/London)' })
  @ApiOkResponse({ description: '{ la, asOf, count, exceptions: [{ caseRef, eventId, reason, date, why }] }' })
  async notApplicable(@Param() params: LaParams, @Query() query: CaseQuery): Promise<NotApplicableExceptions> {
    return this.cases.exceptionsNotApplicable(params.la, query.asOf);
  }

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
