export * from './queue-names';
export * from './job-payloads';
export * from './job-ids';
export * from './queue-factory';
export * from './redis-connection';
export * from './redis.module';
export * from './queue-admin.service';
