import { Module } from '@nestjs/common';
import { AuditCoreModule } from '../audit/audit-core.module';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { CredentialsRepository } from './credentials.repository';
import { LaGate } from './la-gate';

/**
 * Accounts, sessions and API keys without HTTP: used by the API's guard and by the CLI; and the
 * gate of the LAs a request names (LaGate), which the guard and a streamed batch of events share.
 */
@Module({
  imports: [AuditCoreModule],
  providers: [CredentialsRepository, AccountsService, ApiKeysService, LaGate],
  exports: [AccountsService, ApiKeysService, LaGate],
})
export class AuthCoreModule {}
