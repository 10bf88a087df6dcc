export * from './database-unavailable.filter';
export * from './health.controller';
export * from './health.module';
