import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Clock } from './clock';
import { appConfig } from './load-config';
import { RULES_TABLE, loadRulesTable } from './rules-table.provider';

/** Makes the validated AppConfig, the rules table and the one clock injectable everywhere. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => appConfig() }, { provide: RULES_TABLE, useFactory: () => loadRulesTable() }, Clock],
  exports: [AppConfig, RULES_TABLE, Clock],
})
export class ConfigModule {}
