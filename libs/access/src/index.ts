export * from './principal';
export * from './request-scope';
export * from './db-role';
export * from './la-scoped-data-source';
export * from './la-scope-self-check';
export * from './public.decorator';
export * from './la-list';
