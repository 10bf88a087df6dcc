import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  ForbiddenException,
  type HttpException,
  NotFoundException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Response } from 'express';
import type { AuthedRequest } from '../auth/auth.guard';
import { refusalOf } from '../auth/la-gate';
import { presentedCredential } from '../auth/credentials';
import { errorPageView, type ErrorStatus } from './error-page.view';
import { pageOfPath } from './page-access';
import { pageChrome } from './page-chrome';
import { renderView } from './views';

/** A browser asking for a page (not the JSON API, not the API's documentation). */
function wantsPage(req: AuthedRequest): boolean {
  return !req.path.startsWith('/v1/') && !req.path.startsWith('/docs') && req.accepts(['json', 'html']) === 'html';
}

/**
 * Errors a person may meet in a browser, as pages in the service's look and in plain words with a
 * way on: a page asked for without a session is sent to sign in (and back after); a refusal, a
 * page not found or a bad request is explained. API clients (Accept: application/json, or any
 * /v1 path) get the same status as JSON, as Nest would answer it.
 */
@Catch(UnauthorizedException, ForbiddenException, NotFoundException, BadRequestException, UnprocessableEntityException)
export class BrowserErrorFilter implements ExceptionFilter {
  catch(e: HttpException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<AuthedRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = e.getStatus() as ErrorStatus;
    if (res.headersSent) {
      // Part of the answer (a download) has gone: all that is left is to end it, as Nest would.
      res.end();
      return;
    }
    if (!wantsPage(req)) {
      const body = e.getResponse();
      res.status(status).json(typeof body === 'object' ? body : { statusCode: status, message: body });
      return;
    }
    if (status === 401 && req.method === 'GET') {
      res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const view = errorPageView({
      status,
      principal: req.principal,
      page: pageOfPath(req.path),
      refusal: refusalOf(e),
      hasSession: presentedCredential(req)?.kind === 'session',
    });
    // The guard refused before the chrome interceptor ran: the navigation is built here.
    res
      .status(status)
      .type('html')
      .send(renderView('error', { ...pageChrome(req), ...view }));
  }
}
