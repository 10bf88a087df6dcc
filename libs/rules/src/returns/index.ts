export * from './school-return-diff';
