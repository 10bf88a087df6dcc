import type { AppConfig } from '@app/config';
import type { AuditEntry } from '../audit/audit-entry';
import type { AuditService } from '../audit/audit.service';
import type { AccountsService, Session } from './accounts.service';
import type { Counted, FailureLimits, Lock, SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SignInService, UNAVAILABLE_RETRY_SECONDS } from './sign-in.service';

const session = {
  token: 'sms_x',
  expiresAt: new Date(),
  principal: { kind: 'user', id: '1', label: 'cw@x', role: 'caseworker', las: ['805'] },
};
const config = {
  signInLockoutAccountFailures: 5,
  signInLockoutAddressFailures: 20,
  signInLockoutWindowMinutes: 15,
  signInLockoutMinutes: 15,
} as AppConfig;

function setup(o: { lock?: Lock; counted?: Counted; redisDown?: 'check' | 'record' | 'clear'; rightPassword?: boolean } = {}) {
  const calls: { signIn: string[]; failures: [string, string, FailureLimits][]; cleared: string[] } = {
    signIn: [],
    failures: [],
    cleared: [],
  };
  const audited: AuditEntry[] = [];
  const down = () => Promise.reject(new Error('Connection is closed.'));
  const attempts = {
    lockOf: async () => (o.redisDown === 'check' ? down() : o.lock),
    recordFailure: async (account: string, address: string, limits: FailureLimits) => {
      if (o.redisDown === 'record') return down();
      calls.failures.push([account, address, limits]);
      return o.counted ?? { started: [] };
    },
    clearAccount: async (account: string) => (o.redisDown === 'clear' ? down() : void calls.cleared.push(account)),
  } as unknown as SignInAttemptsRepository;
  const accounts = {
    signIn: async (email: string) => {
      calls.signIn.push(email);
      return o.rightPassword ? (session as Session) : undefined;
    },
  } as unknown as AccountsService;
  const audit = { record: async (e: AuditEntry) => void audited.push(e) } as unknown as AuditService;
  const service = new SignInService(accounts, attempts, audit, config);
  const signIn = () => service.signIn({ email: ' CW@LA805.Example ', password: 'pw', address: '203.0.113.7', path: '/sign-in' });
  return { signIn, calls, audited };
}

describe('SignInService', () => {
  it('counts a wrong password against the account (normalised) and the address, with the configured limits', async () => {
    const { signIn, calls, audited } = setup();
    await expect(signIn()).resolves.toEqual({ refused: 'credentials' });
    expect(calls.failures).toEqual([
      ['cw@la805.example', '203.0.113.7', { accountFailures: 5, addressFailures: 20, windowMs: 900_000, lockMs: 900_000 }],
    ]);
    expect(audited).toEqual([]);
  });

  it('answers the failure that starts a lockout with Retry-After, and audits the lockout without the typed email', async () => {
    const { signIn, audited } = setup({ counted: { started: ['account'], lock: { scope: 'account', ms: 899_500 } } });
    await expect(signIn()).resolves.toEqual({ refused: 'locked', retryAfterSeconds: 900 });
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'sign-in.lockout',
        path: '/sign-in',
        status: 401,
        detail: expect.objectContaining({ scope: 'account' }),
      }),
    ]);
    expect(JSON.stringify(audited).toLowerCase()).not.toContain('cw@la805');
  });

  it('refuses while locked without checking the password (even a right one), and audits the refusal', async () => {
    const { signIn, calls, audited } = setup({ lock: { scope: 'address', ms: 60_001 }, rightPassword: true });
    await expect(signIn()).resolves.toEqual({ refused: 'locked', retryAfterSeconds: 61 });
    expect(calls.signIn).toEqual([]);
    expect(calls.failures).toEqual([]);
    expect(audited).toEqual([
      expect.objectContaining({ action: 'sign-in.locked', detail: expect.objectContaining({ scope: 'address', address: '203.0.113.7' }) }),
    ]);
  });

  it('clears the account’s count on a right password; a count left behind (Redis gone since) does not refuse it', async () => {
    const ok = setup({ rightPassword: true });
    await expect(ok.signIn()).resolves.toEqual({ session });
    expect(ok.calls.cleared).toEqual(['cw@la805.example']);
    await expect(setup({ rightPassword: true, redisDown: 'clear' }).signIn()).resolves.toEqual({ session });
  });

  it('fails closed when the counts cannot be reached: no password is checked, and the answer says try later', async () => {
    const before = setup({ redisDown: 'check', rightPassword: true });
    await expect(before.signIn()).resolves.toEqual({ refused: 'unavailable', retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
    expect(before.calls.signIn).toEqual([]);
    await expect(setup({ redisDown: 'record' }).signIn()).resolves.toEqual({
      refused: 'unavailable',
      retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
    });
  });
});
