export * from './stored-event';
export * from './record-error';
export * from './copy-text';
export * from './copy-chunk';
export * from './staging-session';
export * from './event-writer';
export * from './event-reader';
export * from './event-store.module';
