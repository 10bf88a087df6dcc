import { type ArgumentsHost, Catch, type ExceptionFilter, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { escapeHtml } from '@app/compliance';

/** A browser asking for a page (not the JSON API). */
function wantsPage(req: Request): boolean {
  return req.method === 'GET' && !req.path.startsWith('/v1/') && req.accepts(['json', 'html']) === 'html';
}

function refusedPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not allowed: SEND timeliness monitor</title></head>
<body><main><h1>You cannot open this page</h1><p>${escapeHtml(message)}</p>
<form method="post" action="/sign-out"><button type="submit">Sign in as someone else</button></form>
<p><a href="/dashboard">Back to the dashboards</a></p></main></body></html>`;
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
