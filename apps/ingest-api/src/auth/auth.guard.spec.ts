import { BadRequestException, ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, type Principal, currentPrincipal, runInRequestScope } from '@app/access';
import type { AuditService } from '../audit/audit.service';
import type { AccountsService } from './accounts.service';
import type { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { LaGate } from './la-gate';
import { ROLES } from './roles.decorator';

const leader805: Principal = { kind: 'user', id: '1', label: 'lead@x', role: 'leader', las: ['805'] };
const admin: Principal = { kind: 'user', id: '2', label: 'admin@x', role: 'admin', las: '*' };
const key805: Principal = { kind: 'key', id: '3', label: 'feed', role: 'ingest', las: ['805'] };
const SESSIONS: Record<string, Principal> = { sms_leader: leader805, sms_admin: admin };

function setup(meta: { public?: boolean; roles?: string[] }) {
  const audited: unknown[] = [];
  const reflector = {
    getAllAndOverride: (key: string) => (key === IS_PUBLIC ? meta.public : key === ROLES ? meta.roles : undefined),
  } as unknown as Reflector;
  const accounts = { principalForSession: async (t: string) => SESSIONS[t] } as unknown as AccountsService;
  const keys = { principalForKey: async (k: string) => (k === 'smk_live' ? key805 : undefined) } as unknown as ApiKeysService;
  const audit = { recordRefusal: async (e: unknown) => void audited.push(e) } as unknown as AuditService;
  const guard = new AuthGuard(reflector, accounts, keys, new LaGate(audit));
  const run = (req: Record<string, unknown>) => {
    const full = { method: 'GET', path: '/x', headers: {}, params: {}, query: {}, ...req };
    const ctx = {
      getType: () => 'http',
      getHandler: () => undefined,
      getClass: () => undefined,
      switchToHttp: () => ({ getRequest: () => full }),
    } as unknown as ExecutionContext;
    return runInRequestScope(async () => ({ ok: await guard.canActivate(ctx), principal: currentPrincipal() }));
  };
  return { run, audited };
}

const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

describe('AuthGuard', () => {
  it('denies by default: no credential on a route that is not public is 401', async () => {
    await expect(setup({ roles: ['leader'] }).run({})).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('lets anyone through a public route, and ignores a bad credential there', async () => {
    await expect(setup({ public: true }).run(bearer('sms_unknown'))).resolves.toMatchObject({ ok: true, principal: undefined });
  });

  it('answers 401 to an unknown, revoked or malformed credential', async () => {
    const { run } = setup({ roles: ['leader'] });
    await expect(run(bearer('sms_unknown'))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(run(bearer('smk_revoked'))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(run(bearer('password'))).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(run({ headers: { authorization: 'Basic abc' } })).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('puts the principal in the request scope for the queries that follow', async () => {
    await expect(setup({ roles: ['leader'] }).run(bearer('sms_leader'))).resolves.toEqual({ ok: true, principal: leader805 });
    await expect(setup({ roles: ['ingest'] }).run({ headers: { 'x-api-key': 'smk_live' } })).resolves.toMatchObject({ principal: key805 });
  });

  it('refuses a role the route does not name (403, audited); a route without roles is for administrators', async () => {
    const { run, audited } = setup({ roles: ['caseworker'] });
    await expect(run(bearer('sms_leader'))).rejects.toBeInstanceOf(ForbiddenException);
    expect(audited).toEqual([expect.objectContaining({ action: 'access.denied', status: 403 })]);
    await expect(setup({}).run(bearer('sms_leader'))).rejects.toBeInstanceOf(ForbiddenException);
    await expect(setup({}).run(bearer('sms_admin'))).resolves.toMatchObject({ ok: true });
  });

  it('refuses any LA outside the principal’s, in the path, the query or any record of the body', async () => {
    const { run } = setup({ roles: ['leader', 'ingest'] });
    await expect(run({ ...bearer('sms_leader'), params: { la: '805' } })).resolves.toMatchObject({ ok: true });
    await expect(run({ ...bearer('sms_leader'), params: { la: '807' } })).rejects.toThrow(/LA 807 is outside your access/);
    await expect(run({ ...bearer('sms_leader'), query: { la: '805,807' } })).rejects.toBeInstanceOf(ForbiddenException);
    await expect(run({ ...bearer('smk_live'), body: [{ la: '805' }, { la: '806' }] })).rejects.toThrow(/LA 806/);
    await expect(run({ ...bearer('sms_admin'), params: { la: '807' } })).resolves.toMatchObject({ ok: true });
  });

  it('refuses an LA list it cannot read exactly (400 naming the field, audited), for administrators too', async () => {
    // " 201" is not 201: a validator that trimmed it once ran a report the guard had not checked.
    const { run, audited } = setup({ roles: ['leader'] });
    await expect(run({ ...bearer('sms_leader'), query: { la: '805, 201' } })).rejects.toBeInstanceOf(BadRequestException);
    await expect(run({ ...bearer('sms_leader'), query: { la: '805, 201' } })).rejects.toMatchObject({
      response: { statusCode: 400, message: [expect.stringMatching(/^la must be one or more/)] },
    });
    await expect(run({ ...bearer('sms_admin'), params: { la: '805 ' } })).rejects.toBeInstanceOf(BadRequestException);
    expect(audited).toEqual([
      expect.objectContaining({ action: 'access.denied', status: 400, detail: { refused: 'malformed la' } }),
      expect.objectContaining({ status: 400 }),
      expect.objectContaining({ status: 400 }),
    ]);
  });
});
