import { AsyncLocalStorage } from 'node:async_hooks';
import { LA_CODE, type LaScope, type Principal } from './principal';

/**
 * What one HTTP request runs under, carried by AsyncLocalStorage through every await. Every query
 * runner the apps' DataSource creates while a scope is active (so every query, repository,
 * transaction and COPY of the request) runs as the restricted application role with the
 * principal's LAs (see la-scoped-data-source.ts); code outside any scope (worker, CLI, migrations,
 * start-up) runs as the owner role. The scope is read when the runner is created.
 */
export interface RequestScope {
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (an HTTP request) in a fresh scope: no principal yet, so the database shows no LA. */
export function runInRequestScope<T>(fn: () => T): T {
  return storage.run({}, fn);
}

/** Runs `fn` as this principal (tests and tools that act as someone without HTTP). */
export function runAsPrincipal<T>(principal: Principal, fn: () => T): T {
  return storage.run({ principal }, fn);
}

/** Runs `fn` as the system, outside the request's scope: sign-in lookups and audit writes only. */
export function runAsSystem<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function currentPrincipal(): Principal | undefined {
  return storage.getStore()?.principal;
}

/** Records the authenticated principal in the current request's scope (the auth guard does this). */
export function setPrincipal(principal: Principal): void {
  const scope = storage.getStore();
  if (!scope) throw new Error('setPrincipal outside a request scope');
  scope.principal = principal;
}

/**
 * The LAs the database should show now: undefined outside any scope (owner role, no row
 * security), else the principal's LAs ('' when nobody has signed in: no rows at all).
 */
export function databaseLaSetting(): string | undefined {
  const scope = storage.getStore();
  if (!scope) return undefined;
  return laSettingOf(scope.principal?.las ?? []);
}

/** The value of app.la_codes for a scope, checked so it can be written as a SQL literal. */
export function laSettingOf(las: LaScope): string {
  if (las === '*') return '*';
  for (const la of las) if (!LA_CODE.test(la)) throw new Error(`not an LA code: ${JSON.stringify(la)}`);
  return las.join(',');
}

/** LAs the current request may write, or undefined when it is not limited (owner role). */
export function writableLas(): LaScope | undefined {
  const scope = storage.getStore();
  if (!scope) return undefined;
  return scope.principal?.las ?? [];
}
