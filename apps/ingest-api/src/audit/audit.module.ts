import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditCoreModule } from './audit-core.module';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';

/** The audit trail over HTTP: recorded by a global interceptor (and the auth guard's refusals), read by administrators. */
@Module({
  imports: [AuditCoreModule],
  controllers: [AuditController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditCoreModule],
})
export class AuditModule {}
