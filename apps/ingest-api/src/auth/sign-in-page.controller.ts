import { Body, Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '@app/access';
import { AppConfig } from '@app/config';
import { AccountsService } from './accounts.service';
import type { AuthedRequest } from './auth.guard';
import { SIGN_IN_THROTTLE } from './auth.controller';
import { presentedCredential } from './credentials';
import { ANY_USER, Roles } from './roles.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { safeNext, signInPage } from './sign-in-page';

/** The browser's way in (GET shows the form, POST checks it and sets the session cookie) and out. */
@ApiExcludeController()
@Controller()
export class SignInPageController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly config: AppConfig,
  ) {}

  @Get('sign-in')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  show(@Query('next') next: unknown): string {
    return signInPage(safeNext(next));
  }

  @Post('sign-in')
  @Public()
  @Throttle(SIGN_IN_THROTTLE)
  async submit(@Body() body: Record<string, unknown>, @Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    const next = safeNext(body?.next);
    const email = typeof body?.email === 'string' ? body.email.slice(0, 254) : '';
    const password = typeof body?.password === 'string' ? body.password.slice(0, 200) : '';
    const session = email && password ? await this.accounts.signIn(email, password) : undefined;
    res.setHeader('cache-control', 'no-store');
    if (!session) {
      res.status(401).type('html').send(signInPage(next, 'Wrong email or password.'));
      return;
    }
    req.principal = session.principal;
    setSessionCookie(res, session.token, session.expiresAt, this.config.secureCookies);
    res.redirect(303, next);
  }

  /** A page's sign-out button (a form POST): the session ends and the cookie goes. */
  @Post('sign-out')
  @Roles(...ANY_USER)
  async signOut(@Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    const presented = presentedCredential(req);
    if (presented?.kind === 'session') await this.accounts.signOut(presented.secret);
    clearSessionCookie(res, this.config.secureCookies);
    res.redirect(303, '/sign-in');
  }
}
