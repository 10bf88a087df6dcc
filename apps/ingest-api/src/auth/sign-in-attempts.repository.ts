import { Inject, Injectable } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { hashSecret } from './tokens';

export type LockScope = 'account' | 'address';

export interface Lock {
  scope: LockScope;
  /** Milliseconds until it ends. */
  ms: number;
}

export interface FailureLimits {
  accountFailures: number;
  addressFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface Counted {
  /** Lockouts this failure started. */
  started: LockScope[];
  /** The longest lock now on the account or the address, if any. */
  lock?: Lock;
}

/** A slow Redis counts as one that is away: sign-in must not hang on it. */
const REDIS_TIMEOUT_MS = 2000;

/**
 * For the account and then the address (KEYS: failures, lock, failures, lock; ARGV: window, lock
 * length, account limit, address limit): count the failure in a window that starts with the first
 * one, and at the limit lock for the lock length and start counting afresh. Returns, for each,
 * whether a lock started here and how long its lock has left (-2: none). One script, so instances
 * racing on the same account lock it once.
 */
const RECORD_FAILURE = `
local out = {}
for i = 0, 1 do
  local failures, lock, limit = KEYS[i * 2 + 1], KEYS[i * 2 + 2], tonumber(ARGV[3 + i])
  local n = redis.call('INCR', failures)
  if n == 1 then redis.call('PEXPIRE', failures, ARGV[1]) end
  local started = 0
  if n >= limit and redis.call('SET', lock, '1', 'PX', ARGV[2], 'NX') then
    started = 1
    redis.call('DEL', failures)
  end
  out[#out + 1] = started
  out[#out + 1] = redis.call('PTTL', lock)
end
return out`;

/**
 * The only code that touches the sign-in counts: failed attempts and lockouts per account and per
 * client address, in Redis (the one connection of the process, under the deployment's key prefix)
 * so that every API instance shares them. Every key expires by itself.
 */
@Injectable()
export class SignInAttemptsRepository {
  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    private readonly config: AppConfig,
  ) {}

  /**
   * An account is keyed by the SHA-256 of its normalised email, so Redis holds no email (nor
   * whatever else was typed into the field); an address as it is.
   */
  private keys(scope: LockScope, id: string): { failures: string; lock: string } {
    const base = `${this.config.redisPrefix}:sign-in:${scope}:${scope === 'account' ? hashSecret(id) : id}`;
    return { failures: `${base}:failures`, lock: `${base}:locked` };
  }

  /** The longer of the account's and the address's locks, if either is locked. */
  async lockOf(account: string, address: string): Promise<Lock | undefined> {
    const [accountMs, addressMs] = await within(
      Promise.all([this.redis.pttl(this.keys('account', account).lock), this.redis.pttl(this.keys('address', address).lock)]),
    );
    return longest(accountMs, addressMs);
  }

  async recordFailure(account: string, address: string, limits: FailureLimits): Promise<Counted> {
    const a = this.keys('account', account);
    const b = this.keys('address', address);
    const reply = await within(
      this.redis.eval(
        RECORD_FAILURE,
        4,
        a.failures,
        a.lock,
        b.failures,
        b.lock,
        limits.windowMs,
        limits.lockMs,
        limits.accountFailures,
        limits.addressFailures,
      ),
    );
    const [accountStarted, accountMs, addressStarted, addressMs] = (reply as number[]).map(Number);
    const started: LockScope[] = [];
    if (accountStarted) started.push('account');
    if (addressStarted) started.push('address');
    return { started, lock: longest(accountMs, addressMs) };
  }

  /** A successful sign-in: the account's failures are forgotten (the address's stand). */
  async clearAccount(account: string): Promise<void> {
    await within(this.redis.del(this.keys('account', account).failures));
  }
}

/** PTTL answers -2 (no key) or -1 (no expiry, which these keys never lack). */
function longest(accountMs: number, addressMs: number): Lock | undefined {
  if (accountMs <= 0 && addressMs <= 0) return undefined;
  return accountMs >= addressMs ? { scope: 'account', ms: accountMs } : { scope: 'address', ms: addressMs };
}

async function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
