import { type ArgumentsHost, Catch, type ExceptionFilter, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { refusedPage } from './sign-in-page';

/** A browser asking for a page (not the JSON API). */
function wantsPage(req: Request): boolean {
  return req.method === 'GET' && !req.path.startsWith('/v1/') && req.accepts(['json', 'html']) === 'html';
}

/**
 * A browser asking for a page without a session is sent to the sign-in page, and one refused a
 * page is told why in HTML; API clients get the 401 or 403 as JSON.
 */
@Catch(UnauthorizedException, ForbiddenException)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(e: UnauthorizedException | ForbiddenException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (wantsPage(req) && e instanceof UnauthorizedException) {
      res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (wantsPage(req)) {
      res.status(403).type('html').send(refusedPage(e.message));
      return;
    }
    res.status(e.getStatus()).json(e.getResponse());
  }
}
