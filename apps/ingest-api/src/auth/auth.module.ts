import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { checkLaScope } from '@app/access';
import { AppConfig } from '@app/config';
import { AuditModule } from '../audit/audit.module';
import { AuthCoreModule } from './auth-core.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { OidcClients } from './oidc/oidc-clients';
import { OidcController } from './oidc/oidc.controller';
import { OidcFlowsRepository } from './oidc/oidc-flows.repository';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { SIGN_IN_SETTINGS, loadSignInSettings } from './oidc/sign-in-settings';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SignInPageController } from './sign-in-page.controller';
import { SignInService } from './sign-in.service';

/**
 * Access control of the API: rate limits, then the auth guard (both global), sign-in (password,
 * with its lockout, and single sign-on by OpenID Connect) and sign-out. Row-level security for every query a request makes comes from the
 * DataSource itself (LaScopedDataSource, in DatabaseModule); the API refuses to start unless it is
 * in force.
 */
@Module({
  imports: [
    AuthCoreModule,
    AuditModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }] }),
    }),
  ],
  controllers: [AuthController, SignInPageController, OidcController],
  providers: [
    SignInAttemptsRepository,
    SignInService,
    // Read when the API is built: a bad setting stops it, naming the variable.
    { provide: SIGN_IN_SETTINGS, useFactory: () => loadSignInSettings() },
    OidcClients,
    OidcFlowsRepository,
    OidcSignInService,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthCoreModule],
})
export class AuthModule implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await checkLaScope(this.dataSource);
  }
}
