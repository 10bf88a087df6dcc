import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { appConfig } from './load-config';
import { RULES_TABLE, loadRulesTable } from './rules-table.provider';

/** Makes the validated AppConfig and rules table injectable everywhere. */
@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => appConfig() },
    { provide: RULES_TABLE, useFactory: () => loadRulesTable() },
  ],
  exports: [AppConfig, RULES_TABLE],
})
export class ConfigModule {}
