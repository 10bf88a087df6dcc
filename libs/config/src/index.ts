export * from './app-config';
export * from './load-config';
export * from './config.module';
export * from './logger.module';
export * from './log-redaction';
export * from './rules-table.provider';
export * from './clock';
