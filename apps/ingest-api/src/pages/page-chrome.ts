// What the layout shows around every page: the service navigation for the signed-in role (only
// the pages it may open, this one marked) and whether to offer "Sign out". Built here, from the
// request, never in a template.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { canAccessLa } from '@app/access';
import type { AuthedRequest } from '../auth/auth.guard';
import { type NavItem, type PageKey, navigationFor, pageOfPath } from './page-access';

export interface PageChrome {
  navigation: NavItem[];
  /** A person is signed in (an API key is not): the layout offers "Sign out". */
  signedIn: boolean;
}

const LA_CODE = /^\d{3}$/;

/** The chrome for this request; `at` overrides the page and LA read from the address. */
export function pageChrome(req: Pick<AuthedRequest, 'principal' | 'path' | 'query'>, at: { page?: PageKey; la?: string } = {}): PageChrome {
  const role = req.principal?.kind === 'user' ? req.principal.role : undefined;
  // The LA asked for is kept in the links only if the person may see it (not on its refusal page).
  const asked = req.query?.la;
  const la =
    at.la ?? (typeof asked === 'string' && LA_CODE.test(asked) && req.principal && canAccessLa(req.principal, asked) ? asked : undefined);
  return { navigation: navigationFor(role, { page: at.page ?? pageOfPath(req.path), la }), signedIn: role !== undefined };
}

/**
 * Puts the chrome in res.locals once the guard has found the principal, so @Render views and
 * renderView() both have it. (Guards run before interceptors; a refusal's page builds its own.)
 */
@Injectable()
export class PageChromeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() === 'http') {
      const http = ctx.switchToHttp();
      Object.assign(http.getResponse<Response>().locals, pageChrome(http.getRequest<AuthedRequest>()));
    }
    return next.handle();
  }
}
