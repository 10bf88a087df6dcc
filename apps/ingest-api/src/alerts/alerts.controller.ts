import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Principal } from '@app/access';
import { AlertsService, csvLine, type AlertView } from '@app/compliance';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { REFERENCE_PATTERN } from '../common/validators';
import { AlertActorService } from './alert-actor.service';

class InboxQueryDto {
  @Matches(/^\d{3}$/, { message: 'la must be a three-digit DfE local authority code' })
  la: string;

  /** A staff reference (caseworker, service contact or team manager). */
  @IsOptional()
  @Matches(REFERENCE_PATTERN, { message: 'assignee is not a valid reference' })
  assignee?: string;

  @IsOptional()
  @IsIn(['open', 'acknowledged', 'resolved', 'all'])
  state?: 'open' | 'acknowledged' | 'resolved' | 'all';

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

class AlertParams {
  @Matches(/^\d{3}$/, { message: 'la must be a three-digit DfE local authority code' })
  la: string;

  @Matches(/^\d{1,18}$/, { message: 'id must be an alert number' })
  id: string;
}

class ActorDto {
  /**
   * Who acknowledges or resolves: the person signed in when absent. Only their own staff
   * reference, or a team manager's team member's, is accepted.
   */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  by?: string;
}

const CSV_COLUMNS: (keyof AlertView)[] = [
  'alertId',
  'la',
  'caseRef',
  'milestoneKey',
  'kind',
  'pathway',
  'service',
  'dueOn',
  'raisedOn',
  'recipientRef',
  'acknowledgedAt',
  'resolvedAt',
  'resolution',
];

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly actor: AlertActorService,
  ) {}

  @Get()
  @Roles('caseworker', 'team_manager', 'leader')
  @Audited('alerts.read')
  @ApiOperation({ summary: "A caseworker's inbox: delivered alerts of an LA, for one assignee if given (CSV with format=csv)" })
  @ApiQuery({ name: 'assignee', required: false, description: 'default for a caseworker: the staff reference of their account' })
  @ApiQuery({ name: 'state', required: false, enum: ['open', 'acknowledged', 'resolved', 'all'] })
  async inbox(
    @Query() q: InboxQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<AlertView[] | string> {
    // A caseworker's own inbox by default: the staff reference their account is linked to.
    const assignee = q.assignee ?? (p?.role === 'caseworker' ? (p.staffRef ?? undefined) : undefined);
    const alerts = await this.alerts.inbox({ la: q.la, recipient: assignee, state: q.state });
    if (q.format !== 'csv') return alerts;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="alerts-${q.la}.csv"`);
    return [CSV_COLUMNS.join(','), ...alerts.map((a) => csvLine(CSV_COLUMNS.map((c) => a[c])))].join('\r\n') + '\r\n';
  }

  @Post(':la/:id/acknowledge')
  @Roles('caseworker', 'team_manager')
  @ApiOperation({
    summary: 'Acknowledge an alert (stops its escalation to the team manager), as yourself or (a team manager) a member of your team',
  })
  async acknowledge(
    @Param() p: AlertParams,
    @Body() body: ActorDto,
    @Req() req: Request,
    @CurrentPrincipal() who: Principal,
  ): Promise<AlertView> {
    const by = await this.actor.actingAs(who, p.la, body.by, { method: req.method, path: req.route?.path ?? null });
    return this.found(p, await this.alerts.acknowledge(p.la, p.id, by));
  }

  @Post(':la/:id/resolve')
  @Roles('caseworker', 'team_manager')
  @ApiOperation({ summary: 'Resolve an alert, as yourself or (a team manager) a member of your team' })
  async resolve(
    @Param() p: AlertParams,
    @Body() body: ActorDto,
    @Req() req: Request,
    @CurrentPrincipal() who: Principal,
  ): Promise<AlertView> {
    const by = await this.actor.actingAs(who, p.la, body.by, { method: req.method, path: req.route?.path ?? null });
    return this.found(p, await this.alerts.resolve(p.la, p.id, by));
  }

  private found(p: AlertParams, alert: AlertView | undefined): AlertView {
    if (!alert) throw new NotFoundException(`no alert ${p.id} in LA ${p.la}`);
    return alert;
  }
}
