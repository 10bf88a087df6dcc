import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service';
import { ApiKeysService } from './api-keys.service';
import { CredentialsRepository } from './credentials.repository';

/** Accounts, sessions and API keys without HTTP: used by the API's guard and by the CLI. */
@Module({
  providers: [CredentialsRepository, AccountsService, ApiKeysService],
  exports: [AccountsService, ApiKeysService],
})
export class AuthCoreModule {}
