import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { IsString, Length } from 'class-validator';
import { Public, type Principal } from '@app/access';
import { AppConfig, appConfig } from '@app/config';
import { AccountsService } from './accounts.service';
import type { AuthedRequest } from './auth.guard';
import { presentedCredential } from './credentials';
import { SIGN_IN_SETTINGS, type SignInSettings } from './oidc/sign-in-settings';
import { ANY_USER, CurrentPrincipal, Roles } from './roles.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { SignInService, clientAddress } from './sign-in.service';

class SignInDto {
  @IsString()
  @Length(3, 254)
  email: string;

  @IsString()
  @Length(1, 200)
  password: string;
}

/**
 * Sign-in requests per address and minute on each route of this process, read when a request
 * arrives (configuration loads once). Failed attempts are also counted across routes and
 * instances, per account and address, by SignInService.
 */
export const SIGN_IN_THROTTLE = { default: { limit: () => appConfig().signInRateLimitPerMinute, ttl: 60_000 } };

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly signIns: SignInService,
    private readonly config: AppConfig,
    @Inject(SIGN_IN_SETTINGS) private readonly settings: SignInSettings,
  ) {}

  @Post('sign-in')
  @Public()
  @Throttle(SIGN_IN_THROTTLE)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in: a session token (Bearer) with its expiry, also set as an HttpOnly cookie' })
  async signIn(@Body() body: SignInDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response) {
    if (!this.settings.passwordSignIn) throw new ForbiddenException('password sign-in is switched off here: sign in with single sign-on');
    const outcome = await this.signIns.signIn({ ...body, address: clientAddress(req), path: '/v1/auth/sign-in' });
    if (!('session' in outcome)) {
      if (outcome.retryAfterSeconds) res.setHeader('retry-after', String(outcome.retryAfterSeconds));
      if (outcome.refused === 'unavailable')
        throw new ServiceUnavailableException('sign-in is unavailable for a moment: try again shortly');
      throw new UnauthorizedException('wrong email or password');
    }
    const { session } = outcome;
    req.principal = session.principal;
    setSessionCookie(res, session.token, session.expiresAt, this.config.secureCookies);
    const { role, las, staffRef } = session.principal;
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), role, las, staffRef };
  }

  @Post('sign-out')
  @Roles(...ANY_USER)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session (the token stops working)' })
  async signOut(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    const presented = presentedCredential(req);
    if (presented?.kind === 'session') await this.accounts.signOut(presented.secret);
    clearSessionCookie(res, this.config.secureCookies);
  }

  @Get('me')
  @Roles(...ANY_USER, 'ingest')
  @ApiOperation({ summary: 'Who is signed in: role, LAs, staff reference' })
  me(@CurrentPrincipal() p: Principal) {
    return { kind: p.kind, label: p.label, role: p.role, las: p.las, staffRef: p.staffRef ?? null };
  }
}
