import { Body, ConflictException, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  type StoredTarget,
  type TargetStatusRow,
  type TargetView,
  TargetInvalidError,
  TargetNameTakenError,
  TargetsService,
} from '@app/compliance';
import { ANY_USER, Roles } from '../auth/roles.decorator';
import { checkTargetBody, rejectTarget } from './target-body';
import { CreateTargetDto, ReplaceTargetDto, TargetParams, TargetsQuery } from './target.dto';

/** The service's refusals as HTTP answers. */
function answer(e: unknown): unknown {
  if (e instanceof TargetInvalidError) return rejectTarget(e.field, e.reason);
  if (e instanceof TargetNameTakenError) return new ConflictException(e.message);
  return e;
}

@ApiTags('targets')
@Controller('v1/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @Roles(...ANY_USER)
  @ApiOperation({ summary: 'Targets (defaults and local), each with its latest red/amber/green status' })
  async list(@Query() query: TargetsQuery): Promise<{ targets: TargetView[] }> {
    return { targets: await this.targets.list(query.la, query.pathway) };
  }

  @Post()
  @Roles('commissioner', 'leader')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Set a local target: pathway, measure, threshold, deadline and interim trajectory',
    description: 'A target without a deadline is refused. 422 names each bad field; nothing is written.',
  })
  @ApiBody({ type: CreateTargetDto })
  @ApiResponse({ status: 201, description: 'The stored target' })
  @ApiResponse({ status: 409, description: 'The LA already has a target of that name' })
  @ApiResponse({ status: 422, description: 'Bad fields (field, reason); nothing written' })
  async create(@Body() body: unknown): Promise<StoredTarget> {
    const dto = checkTargetBody(CreateTargetDto, body);
    try {
      return await this.targets.create(dto);
    } catch (e) {
      throw answer(e);
    }
  }

  @Put(':la/:id')
  @Roles('commissioner', 'leader')
  @ApiOperation({
    summary: 'Replace a target',
    description: "Replaces the whole definition except the name. A default target may be changed: it becomes 'local'.",
  })
  @ApiBody({ type: ReplaceTargetDto })
  @ApiResponse({ status: 200, description: 'The stored target' })
  @ApiResponse({ status: 404, description: 'No such target' })
  @ApiResponse({ status: 422, description: 'Bad fields (field, reason); nothing written' })
  async replace(@Param() params: TargetParams, @Body() body: unknown): Promise<StoredTarget> {
    const dto = checkTargetBody(ReplaceTargetDto, body);
    let stored: StoredTarget | undefined;
    try {
      stored = await this.targets.update(params.la, Number(params.id), dto);
    } catch (e) {
      throw answer(e);
    }
    if (!stored) throw new NotFoundException(`no target ${params.id} in LA ${params.la}`);
    return stored;
  }

  @Get(':la/:id/statuses')
  @Roles(...ANY_USER)
  @ApiOperation({ summary: "A target's nightly statuses: expected (trajectory), actual, red/amber/green, oldest first" })
  @ApiResponse({ status: 404, description: 'No such target' })
  async statuses(@Param() params: TargetParams): Promise<{ target: StoredTarget; statuses: TargetStatusRow[] }> {
    const target = await this.targets.get(params.la, Number(params.id));
    if (!target) throw new NotFoundException(`no target ${params.id} in LA ${params.la}`);
    return { target, statuses: await this.targets.history(params.la, target.id) };
  }
}
