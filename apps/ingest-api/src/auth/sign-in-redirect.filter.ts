import { type ArgumentsHost, Catch, type ExceptionFilter, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * A browser asking for a page without a session is sent to the sign-in page; API clients get
 * the 401 as JSON.
 */
@Catch(UnauthorizedException)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(e: UnauthorizedException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const wantsPage = req.method === 'GET' && !req.path.startsWith('/v1/') && req.accepts(['json', 'html']) === 'html';
    if (wantsPage) {
      res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.status(e.getStatus()).json(e.getResponse());
  }
}
