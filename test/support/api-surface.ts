// The API's surface, for fuzzing every input: each route the app serves with one valid request
// (path parameters, query, body) to spoil one input of at a time, and, read from the app itself,
// the routes and the query and body fields each handler declares, so a route or field added
// later is fuzzed too (or the fuzz suite fails, naming what has no sample).
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getMetadataStorage } from 'class-validator';

export type Caller = 'admin' | 'key' | 'anonymous' | 'throwaway';

/** One valid request of a route (its path as the router writes it: /v1/cases/:la/:caseRef). */
export interface RouteSample {
  method: 'get' | 'post' | 'put';
  path: string;
  as: Caller;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** The body as a form (application/x-www-form-urlencoded) rather than JSON. */
  form?: boolean;
}

/** What a handler declares: the fields of its @Query() and @Body() DTOs (or the one named field). */
export interface DeclaredInputs {
  query: string[];
  body: string[];
}

/** The routes of `LA` the fuzz suite writes nothing to: an alert and a target exist there to act on. */
export function apiSamples(la: string, ids: { alertId: string; targetId: string }): RouteSample[] {
  const period = { from: '2026-01-01', to: '2026-06-30' };
  const target = {
    la,
    name: 'fz-target',
    pathway: 'slt',
    measure: 'waiting_within_target_pct',
    threshold: 92,
    comparator: 'gte',
    deadline: '2027-03-31',
    trajectory: [{ date: '2026-09-30', value: 75 }],
    interpolation: 'linear',
  };
  const { la: _la, ...definition } = target;
  const table = { format: 'html', table: 'cases', q: 'x', sort: 'caseRef', dir: 'asc' };
  const alert = { la, id: ids.alertId };
  const caseParams = { la, caseRef: 'FZ-CASE-1' };
  // An upload id nobody holds: the pages answer 404 (or 400 for a malformed one), never 5xx.
  const upload = { id: '00000000-0000-4000-8000-000000000000' };
  return [
    { method: 'get', path: '/health', as: 'anonymous' },
    // Off (404) unless METRICS_TOKEN is set; a scraper's token, never a person's credential.
    { method: 'get', path: '/metrics', as: 'anonymous' },
    { method: 'get', path: '/admin/queues', as: 'admin', query: { done: 'retried', queue: 'alerts', job: 'fz:none:1' } },
    // No such job: the page says so and nothing changes.
    { method: 'post', path: '/admin/queues/:queue/jobs/:id/retry', as: 'admin', params: { queue: 'alerts', id: 'fz:none:1' } },
    { method: 'post', path: '/admin/queues/:queue/jobs/:id/remove', as: 'admin', params: { queue: 'alerts', id: 'fz:none:1' } },
    { method: 'get', path: '/', as: 'admin' },
    { method: 'post', path: '/v1/auth/sign-in', as: 'anonymous', body: { email: 'fz@test.example', password: 'not-the-password' } },
    { method: 'post', path: '/v1/auth/sign-out', as: 'throwaway' },
    { method: 'get', path: '/v1/auth/me', as: 'admin' },
    { method: 'get', path: '/sign-in', as: 'anonymous', query: { next: '/dashboard' } },
    {
      method: 'post',
      path: '/sign-in',
      as: 'anonymous',
      form: true,
      body: { email: 'fz@test.example', password: 'not-the-password', next: '/dashboard' },
    },
    { method: 'post', path: '/sign-out', as: 'throwaway' },
    // Single sign-on (no provider is configured in the fuzz run: each answers 404 in words).
    { method: 'get', path: '/sign-in/oidc/:provider', as: 'anonymous', params: { provider: 'entra' }, query: { next: '/dashboard' } },
    {
      method: 'get',
      path: '/sign-in/oidc/:provider/callback',
      as: 'anonymous',
      params: { provider: 'entra' },
      query: { code: 'c', state: 's' },
    },
    {
      method: 'get',
      path: '/v1/audit',
      as: 'admin',
      query: { la, actor: 'fz@test.example', action: 'case.read', caseRef: 'FZ-1', ...period, limit: '5', format: 'json' },
    },
    { method: 'post', path: '/v1/events', as: 'key', body: 'events' },
    // The CSV import's rows are fuzzed on their own (a streamed body, not JSON).
    { method: 'post', path: '/v1/imports', as: 'key' },
    // So is the SEN2 import's XML (test/sen2-import.e2e-spec.ts feeds it bad files).
    { method: 'post', path: '/v1/imports/sen2', as: 'key' },
    { method: 'post', path: '/v1/imports/extract', as: 'key', query: { profile: 'wide-ehc', dryRun: 'true' } },
    // A school's termly return: its rows are tested in test/school-returns.e2e-spec.ts; its query is fuzzed here.
    { method: 'post', path: '/v1/imports/school-return', as: 'key', query: { la, school: '900001', returnedOn: '2026-03-27' } },
    { method: 'post', path: '/v1/checks/sen2', as: 'admin', query: { year: '2025', format: 'json' } },
    { method: 'get', path: '/v1/cases/:la/:caseRef', as: 'admin', params: caseParams, query: { asOf: '2026-06-01' } },
    { method: 'get', path: '/v1/cases/:la/exceptions/not-applicable', as: 'admin', params: { la }, query: { asOf: '2026-06-01' } },
    { method: 'get', path: '/v1/alerts', as: 'admin', query: { la, assignee: 'CW-1', state: 'all', format: 'json' } },
    { method: 'post', path: '/v1/alerts/:la/:id/acknowledge', as: 'admin', params: alert, body: { by: 'CW-1' } },
    { method: 'post', path: '/v1/alerts/:la/:id/resolve', as: 'admin', params: alert, body: { by: 'CW-1' } },
    { method: 'get', path: '/v1/targets', as: 'admin', query: { la, pathway: 'slt' } },
    { method: 'post', path: '/v1/targets', as: 'admin', body: target },
    { method: 'put', path: '/v1/targets/:la/:id', as: 'admin', params: { la, id: ids.targetId }, body: definition },
    { method: 'get', path: '/v1/targets/:la/:id/statuses', as: 'admin', params: { la, id: ids.targetId } },
    { method: 'get', path: '/v1/summaries/weekly', as: 'admin', query: { la, week: '2026-W10', format: 'json' } },
    { method: 'get', path: '/dashboard', as: 'admin', query: { la, ...table } },
    { method: 'get', path: '/dashboard/caseworker', as: 'admin', query: { la, assignee: 'CW-1', team: 'slt', ...table } },
    { method: 'get', path: '/dashboard/cases/:la/:caseRef', as: 'admin', params: caseParams, query: { acknowledged: '1', ...table } },
    {
      method: 'post',
      path: '/dashboard/cases/:la/:caseRef/alerts/:id/acknowledge',
      as: 'admin',
      params: { ...caseParams, id: ids.alertId },
      form: true,
      body: { by: 'CW-1' },
    },
    {
      method: 'get',
      path: '/dashboard/commissioner',
      as: 'admin',
      query: {
        la,
        pathway: 'slt',
        target: ids.targetId,
        window: '26',
        capacityChange: '2',
        capacityFrom: '2026-07-01',
        demandChange: '10',
        ...table,
      },
    },
    { method: 'get', path: '/dashboard/leader', as: 'admin', query: { la, week: '2026-W10', ...table } },
    { method: 'get', path: '/dashboard/ehc-timeliness', as: 'admin', query: { la, from: '2026-01', to: '2026-06', need: 'ASD', ...table } },
    { method: 'get', path: '/dashboard/imports', as: 'admin', query: { la, ...table } },
    { method: 'post', path: '/dashboard/imports', as: 'admin', form: true, body: { la, kind: 'sen2' } },
    { method: 'get', path: '/dashboard/imports/uploads/:id', as: 'admin', params: upload, query: table },
    { method: 'get', path: '/dashboard/imports/uploads/:id/check.csv', as: 'admin', params: upload },
    { method: 'post', path: '/dashboard/imports/uploads/:id/confirm', as: 'admin', params: upload },
    { method: 'post', path: '/dashboard/imports/uploads/:id/discard', as: 'admin', params: upload },
    { method: 'get', path: '/dashboard/sen-support', as: 'admin', query: { la, ...table } },
    { method: 'get', path: '/dashboard/alternative-provision', as: 'admin', query: { la, ...table } },
    { method: 'get', path: '/v1/reports/ehc-timeliness', as: 'admin', query: { la, ...period, by: 'la', need: 'ASD', format: 'json' } },
    { method: 'get', path: '/v1/reports/stage-timeliness', as: 'admin', query: { la, ...period, format: 'json' } },
    { method: 'get', path: '/v1/reports/annual-reviews', as: 'admin', query: { la, ...period, format: 'json' } },
    {
      method: 'get',
      path: '/v1/reports/waiting-list',
      as: 'admin',
      query: { la, pathway: 'slt', asOf: '2026-06-01', longest: '5', format: 'json' },
    },
    { method: 'get', path: '/v1/reports/open-assessments', as: 'admin', query: { la, asOf: '2026-06-01', format: 'json' } },
    {
      method: 'get',
      path: '/v1/reports/trend',
      as: 'admin',
      query: { la, pathway: 'slt', measure: 'waiting_count', ...period, need: 'all', format: 'json' },
    },
    { method: 'get', path: '/v1/reports/sen-support', as: 'admin', query: { la, asOf: '2026-06-01', format: 'json' } },
    { method: 'get', path: '/v1/reports/alternative-provision', as: 'admin', query: { la, asOf: '2026-06-01', format: 'json' } },
    {
      method: 'get',
      path: '/v1/reports/capacity',
      as: 'admin',
      query: { la, pathway: 'slt', window: '26', asOf: '2026-06-01', format: 'json' },
    },
    {
      method: 'get',
      path: '/v1/reports/projection',
      as: 'admin',
      query: {
        la,
        pathway: 'slt',
        target: ids.targetId,
        measure: 'waiting_count',
        threshold: '10',
        comparator: 'lte',
        deadline: '2027-03-31',
        capacityChange: '2',
        capacityFrom: '2026-07-01',
        demandChange: '10',
        window: '26',
        asOf: '2026-06-01',
        format: 'json',
      },
    },
    { method: 'get', path: '/v1/reports/ehc-forecast', as: 'admin', query: { la, year: '2026', asOf: '2026-06-01', format: 'json' } },
  ];
}

/** Every route the app's router serves (METHOD /path), Swagger's own pages and the 404 catch-all aside. */
export function servedRoutes(app: NestExpressApplication): string[] {
  const router = app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  const routes = router.stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : [],
  );
  // Swagger's pages, and the catch-all that answers 404 to any other path.
  return [...new Set(routes)].filter((r) => !/^[\w-]+ (\/docs|\{\/\*splat\})/.test(r)).sort();
}

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/** The fields a DTO class validates (its own and inherited); none for a plain type. */
const dtoFields = (cls: unknown): string[] =>
  typeof cls === 'function' && cls !== Object
    ? [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(cls, '', true, false)
            .map((m) => m.propertyName),
        ),
      ]
    : [];

/** Each controller route's declared query and body fields, by METHOD /path. */
export function declaredInputs(app: NestExpressApplication): Map<string, DeclaredInputs> {
  const out = new Map<string, DeclaredInputs>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new () => object) | null;
      if (!cls) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        const path: unknown = typeof handler === 'function' ? Reflect.getMetadata(PATH_METADATA, handler as object) : undefined;
        if (name === 'constructor' || typeof path !== 'string') continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler as object) as number];
        const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) ?? {};
        const types: unknown[] = Reflect.getMetadata('design:paramtypes', cls.prototype, name) ?? [];
        const inputs: DeclaredInputs = { query: [], body: [] };
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          const fields = typeof arg.data === 'string' ? [arg.data] : dtoFields(types[arg.index]);
          if (kind === RouteParamtypes.QUERY) inputs.query.push(...fields);
          if (kind === RouteParamtypes.BODY) inputs.body.push(...fields);
        }
        out.set(`${method} ${joinPath(base, path)}`, inputs);
      }
    }
  }
  return out;
}

/** One input of a route to spoil: a path parameter, a query field, or a string of the body (by its path). */
export interface Input {
  sample: RouteSample;
  where: 'param' | 'query' | 'body';
  path: (string | number)[];
  valid: string;
  /** A field the route reads, so a spoiled value must be refused (4xx); else it must only do no harm. */
  declared: boolean;
}

/** Every input of a sample: its path parameters, its query and declared query fields (and one unknown), each body string. */
export function inputsOf(sample: RouteSample, declared: DeclaredInputs | undefined): Input[] {
  const inputs: Input[] = [];
  const add = (where: Input['where'], path: Input['path'], valid: string, isDeclared = true) =>
    inputs.push({ sample, where, path, valid, declared: isDeclared });
  for (const [name, valid] of Object.entries(sample.params ?? {})) add('param', [name], valid);
  for (const name of new Set([...Object.keys(sample.query ?? {}), ...(declared?.query ?? [])]))
    add('query', [name], sample.query?.[name] ?? '');
  // An unknown query field too, on reads (a write that ignores it would go through, valid).
  if (sample.method === 'get') add('query', ['fz'], '', false);
  const leaves = (v: unknown, path: (string | number)[]): void => {
    if (typeof v === 'string') add('body', path, v);
    else if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k]);
  };
  leaves(sample.body, []);
  const bodyKeys = sample.body && typeof sample.body === 'object' ? Object.keys(sample.body) : [];
  for (const field of declared?.body ?? []) if (!bodyKeys.includes(field)) add('body', [field], '');
  return inputs;
}

/** The sample's request with `value` in place of the input. */
export function spoil(input: Input, value: string): { params: Record<string, string>; query: Record<string, string>; body: unknown } {
  const copy = structuredClone({ params: input.sample.params ?? {}, query: input.sample.query ?? {}, body: input.sample.body });
  const root: Record<string | number, unknown> = input.where === 'body' ? copy : input.where === 'param' ? copy.params : copy.query;
  const path = input.where === 'body' ? ['body', ...input.path] : input.path;
  let at = root;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}
