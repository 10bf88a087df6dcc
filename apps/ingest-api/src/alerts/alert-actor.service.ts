import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Principal } from '@app/access';
import { StaffRepository } from '@app/compliance';
import { AuditService } from '../audit/audit.service';
import { actingAs, namesSomeoneElse } from './acting-as';

/** The route a refusal is recorded against. */
export interface ActingRoute {
  method: string;
  path: string | null;
}

/** Who an acknowledgement or resolution of an alert is recorded as (see actingAs). */
@Injectable()
export class AlertActorService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
  ) {}

  /** The reference to record; 403 (audited as access.denied, like the guard's refusals) for anyone else. */
  async actingAs(p: Principal, la: string, named: string | undefined, route: ActingRoute): Promise<string> {
    const staff = p.role === 'team_manager' && namesSomeoneElse(p, named) ? await this.staff.directory(la) : undefined;
    const acting = actingAs(p, named, staff);
    if ('as' in acting) return acting.as;
    await this.audit.record({
      principal: p,
      action: 'access.denied',
      la,
      method: route.method,
      path: route.path,
      status: 403,
      detail: { refused: 'acting as another person' },
    });
    throw new ForbiddenException(acting.refused);
  }
}
