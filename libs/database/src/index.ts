export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './migrate';
export * from './database.module';
export * from './reference/local-authorities';
export * from './reference/sync-local-authorities';
export * from './reference/sync-default-targets';
