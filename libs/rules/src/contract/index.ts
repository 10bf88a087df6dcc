export * from './vocabulary';
export * from './case-event';
