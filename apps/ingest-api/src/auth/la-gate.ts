import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type Principal, canAccessLa } from '@app/access';
import { markAudited } from '../audit/audited-refusal';
import { AuditService } from '../audit/audit.service';
import type { RequestedLas } from './requested-las';

/** Why the gate refused (the cause of its 403), so a browser's page can say it in words. */
export type Refusal = 'role' | 'la' | 'cross-site';

export const refused = (why: Refusal) => ({ cause: { refused: why } });

export function refusalOf(e: { cause?: unknown }): Refusal | undefined {
  const cause = e.cause as { refused?: unknown } | undefined;
  return cause?.refused === 'role' || cause?.refused === 'la' || cause?.refused === 'cross-site' ? cause.refused : undefined;
}

/**
 * The API's check of the LAs a request names against its principal's, and the record of its
 * refusals (action access.denied). The auth guard runs it on every request before the handler;
 * a batch of events read as it arrives (isStreamedJson) runs it once its body is read, before
 * anything of it is decided or committed.
 */
@Injectable()
export class LaGate {
  constructor(private readonly audit: AuditService) {}

  /**
   * Every LA the request names must be exactly one the principal holds: a code outside them is
   * 403, anything that is not a code (" 201", "805,") in the path or query is 400 naming the
   * field. Both are refusals, audited once (the audit interceptor does not record them again).
   */
  async check(req: Request, principal: Principal, named: RequestedLas): Promise<void> {
    const outside = named.codes.filter((la) => !canAccessLa(principal, la));
    if (outside.length) {
      await this.denied(req, principal, `LA ${outside.join(',')}`, outside[0]);
      throw markAudited(new ForbiddenException(`LA ${outside.join(', ')} is outside your access`, refused('la')));
    }
    if (named.malformed.length) {
      await this.denied(req, principal, `malformed ${named.malformed.map((m) => m.field).join(',')}`, undefined, 400);
      throw markAudited(new BadRequestException(named.malformed.map((m) => m.reason)));
    }
  }

  /** Records a refusal of `principal`'s request (the role's, the LAs'). */
  denied(req: Request, p: Principal, why: string, la?: string, status = 403): Promise<void> {
    return this.audit.recordRefusal({
      principal: p,
      action: 'access.denied',
      la: la ?? (p.las !== '*' && p.las.length === 1 ? p.las[0] : null),
      caseRef: typeof req.params?.caseRef === 'string' ? req.params.caseRef : null,
      method: req.method,
      path: req.route?.path ?? null,
      status,
      detail: { refused: why },
    });
  }
}
