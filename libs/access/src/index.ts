export * from './principal';
export * from './request-scope';
export * from './db-role';
export * from './la-scoped-pool';
export * from './public.decorator';
