import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC, type Principal, type Role, setPrincipal } from '@app/access';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { presentedCredential } from './credentials';
import { crossSiteWrite } from './cross-site-write';
import { LaGate, refused } from './la-gate';
import { requestedLas } from './requested-las';
import { ROLES } from './roles.decorator';

export type AuthedRequest = Request & { principal?: Principal; cookies?: Record<string, string> };

/**
 * The one gate of the API (a global guard): every route needs a principal unless @Public, the
 * principal's role must be among the route's @Roles (administrators pass; no @Roles means
 * administrators only), and every LA the request names (path, query, body) must be one of the
 * principal's. The principal is put in the request scope, so the request's database queries run
 * under row-level security for its LAs.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly keys: ApiKeysService,
    private readonly gate: LaGate,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const principal = await this.authenticate(req, isPublic);
    if (isPublic) return true;
    if (!principal) throw new UnauthorizedException('sign in, or send an API key (Authorization: Bearer ...)');
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets) ?? [];
    if (principal.role !== 'admin' && !roles.includes(principal.role)) {
      await this.gate.denied(req, principal, `role ${principal.role}`);
      throw new ForbiddenException(`a ${principal.role} may not ${req.method} ${req.route?.path ?? req.path}`, refused('role'));
    }
    await this.gate.check(req, principal, requestedLas(req));
    return true;
  }

  /** The principal of the request's credential; 401 for a bad, revoked or expired one (except on public routes). */
  private async authenticate(req: AuthedRequest, isPublic: boolean): Promise<Principal | undefined> {
    const presented = presentedCredential(req);
    if (!presented) return undefined;
    const principal =
      presented.kind === 'key'
        ? await this.keys.principalForKey(presented.secret)
        : presented.kind === 'session'
          ? await this.accounts.principalForSession(presented.secret)
          : undefined;
    if (!principal) {
      if (isPublic) return undefined;
      throw new UnauthorizedException('the API key or session is not valid (unknown, revoked or expired)');
    }
    if (presented.kind === 'session' && presented.from === 'cookie' && crossSiteWrite(req)) {
      throw new ForbiddenException('a change sent from another site is refused', refused('cross-site'));
    }
    req.principal = principal;
    setPrincipal(principal);
    return principal;
  }
}
