import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { CookieOptions, Response } from 'express';
import { Public } from '@app/access';
import { AppConfig } from '@app/config';
import type { AuthedRequest } from '../auth.guard';
import { SIGN_IN_THROTTLE } from '../auth.controller';
import { setSessionCookie } from '../session-cookie';
import { safeNext, signInPage } from '../sign-in-page';
import { clientAddress } from '../sign-in.service';
import { FLOW_TTL_SECONDS } from './oidc-flows.repository';
import { OidcSignInService } from './oidc-sign-in.service';
import { SIGN_IN_SETTINGS, type SignInSettings, publicBase, signInWays } from './sign-in-settings';

/** The browser's pending single sign-on: only its id, meaningless without the flow kept in Redis. */
export const FLOW_COOKIE = 'send_oidc_flow';

/**
 * Single sign-on in the browser: a "Sign in with ..." button leads here, which sends the browser to
 * the provider; the provider sends it back to the callback, which opens a session or shows the
 * sign-in page with what went wrong. Both are GETs (a provider redirects), so the flow's cookie is
 * SameSite=Lax: sent on that top-level return, never on another site's requests for a resource.
 */
@ApiExcludeController()
@Controller('sign-in/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcSignInService,
    private readonly config: AppConfig,
    @Inject(SIGN_IN_SETTINGS) private readonly settings: SignInSettings,
  ) {}

  @Get(':provider')
  @Public()
  @Throttle(SIGN_IN_THROTTLE)
  async start(@Param('provider') provider: string, @Query('next') next: unknown, @Req() req: AuthedRequest, @Res() res: Response) {
    const target = safeNext(next);
    const outcome = await this.oidc.start(provider, target, publicBase(this.settings, req));
    if ('refused' in outcome) {
      res.status(outcome.status).type('html').send(this.page(target, outcome.message));
      return;
    }
    res.cookie(FLOW_COOKIE, outcome.flowId, this.flowCookie(FLOW_TTL_SECONDS * 1000));
    res.redirect(303, outcome.redirect.href);
  }

  @Get(':provider/callback')
  @Public()
  @Throttle(SIGN_IN_THROTTLE)
  async callback(@Param('provider') provider: string, @Req() req: AuthedRequest, @Res() res: Response) {
    const flowId = req.cookies?.[FLOW_COOKIE];
    const query = req.originalUrl.indexOf('?');
    const outcome = await this.oidc.finish({
      provider,
      flowId: typeof flowId === 'string' ? flowId : undefined,
      search: query >= 0 ? req.originalUrl.slice(query) : '',
      address: clientAddress(req),
    });
    res.clearCookie(FLOW_COOKIE, this.flowCookie());
    if ('refused' in outcome) {
      res.status(outcome.status).type('html').send(this.page('/', outcome.message));
      return;
    }
    req.principal = outcome.session.principal;
    setSessionCookie(res, outcome.session.token, outcome.session.expiresAt, this.config.secureCookies);
    res.redirect(303, outcome.next);
  }

  private page(next: string, message: string): string {
    return signInPage(next, message, undefined, signInWays(this.settings), 'provider');
  }

  private flowCookie(maxAge?: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/sign-in/oidc', ...(maxAge ? { maxAge } : {}) };
  }
}
