import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from '@app/access';

export const ROLES = 'access:roles';

/**
 * Who may call a route (administrators always may). A route with neither @Roles nor @Public is
 * for administrators only: deny by default.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Every signed-in person (not API keys). */
export const ANY_USER: Role[] = ['caseworker', 'team_manager', 'commissioner', 'leader'];

/** The principal the auth guard found for this request. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest().principal,
);
