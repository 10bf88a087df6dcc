export * from './app-config';
export * from './load-config';
export * from './config.module';
export * from './logger.module';
export * from './rules-table.provider';
