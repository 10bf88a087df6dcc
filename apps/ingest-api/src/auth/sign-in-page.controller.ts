import { Body, Controller, ForbiddenException, Get, Header, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '@app/access';
import { AppConfig } from '@app/config';
import { AccountsService } from './accounts.service';
import type { AuthedRequest } from './auth.guard';
import { SIGN_IN_THROTTLE } from './auth.controller';
import { presentedCredential } from './credentials';
import { crossSiteWrite } from './cross-site-write';
import { OidcClients } from './oidc/oidc-clients';
import { endSessionUrl } from './oidc/end-session';
import { signedOutPage } from './oidc/signed-out-page';
import { SIGN_IN_SETTINGS, type SignInSettings, publicBase, signInWays } from './oidc/sign-in-settings';
import { ANY_USER, Roles } from './roles.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { safeNext, signInPage } from './sign-in-page';
import { SignInService, clientAddress } from './sign-in.service';

/** The browser's way in (GET shows the form, POST checks it and sets the session cookie) and out. */
@ApiExcludeController()
@Controller()
export class SignInPageController {
  private readonly logger = new Logger(SignInPageController.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly signIns: SignInService,
    private readonly config: AppConfig,
    private readonly oidcClients: OidcClients,
    @Inject(SIGN_IN_SETTINGS) private readonly settings: SignInSettings,
  ) {}

  @Get('sign-in')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  show(@Query('next') next: unknown): string {
    return signInPage(safeNext(next), undefined, undefined, signInWays(this.settings));
  }

  @Post('sign-in')
  @Public()
  @Throttle(SIGN_IN_THROTTLE)
  async submit(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    // Login CSRF: another site's form would sign this browser in as the other site's choice of account.
    if (crossSiteWrite(req)) throw new ForbiddenException('a sign-in sent from another site is refused');
    const next = safeNext(body?.next);
    if (!this.settings.passwordSignIn) {
      const message = 'Signing in with a password is switched off here. Use a button below.';
      res
        .status(403)
        .type('html')
        .send(signInPage(next, message, undefined, signInWays(this.settings), 'provider'));
      return;
    }
    const email = typeof body?.email === 'string' ? body.email.slice(0, 254) : '';
    const password = typeof body?.password === 'string' ? body.password.slice(0, 200) : '';
    const outcome =
      email && password ? await this.signIns.signIn({ email, password, address: clientAddress(req), path: '/sign-in' }) : undefined;
    if (!outcome || !('session' in outcome)) {
      if (outcome?.retryAfterSeconds) res.setHeader('retry-after', String(outcome.retryAfterSeconds));
      const unavailable = outcome?.refused === 'unavailable';
      const message = unavailable ? 'Sign-in is unavailable for a moment. Try again shortly.' : 'Wrong email or password.';
      res
        .status(unavailable ? 503 : 401)
        .type('html')
        .send(signInPage(next, message, email, signInWays(this.settings)));
      return;
    }
    const { session } = outcome;
    req.principal = session.principal;
    setSessionCookie(res, session.token, session.expiresAt, this.config.secureCookies);
    res.redirect(303, next);
  }

  /**
   * A page's sign-out button (a form POST): the session ends and the cookie goes. Someone who came
   * through a provider set to END_SESSION is offered its end-session endpoint too (a page with a
   * link: the Content-Security-Policy's form-action forbids a form's redirect to another site).
   */
  @Post('sign-out')
  @Roles(...ANY_USER)
  async signOut(@Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    const presented = presentedCredential(req);
    const user = presented?.kind === 'session' ? await this.accounts.signOut(presented.secret) : undefined;
    clearSessionCookie(res, this.config.secureCookies);
    const provider = user ? this.oidcClients.providerOfIssuer(user.identity_provider) : undefined;
    const back = `${publicBase(this.settings, req)}/sign-in`;
    const away = provider?.endSession
      ? await endSessionUrl(this.oidcClients, provider, back).catch((e: Error) => {
          // Our session has ended, which is what matters here; the provider's may outlive it.
          this.logger.warn({ msg: 'provider sign-out skipped', provider: provider.id, error: e.message });
          return undefined;
        })
      : undefined;
    if (!provider || !away) {
      res.redirect(303, '/sign-in');
      return;
    }
    res.status(200).type('html').send(signedOutPage(provider.name, away));
  }
}
