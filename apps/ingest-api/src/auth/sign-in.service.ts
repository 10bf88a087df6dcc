import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '@app/config';
import { AuditService } from '../audit/audit.service';
import { AccountsService, type Session } from './accounts.service';
import { type LockScope, SignInAttemptsRepository } from './sign-in-attempts.repository';
import { hashSecret } from './tokens';

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address (behind trusted proxies, the client's own). */
  address: string;
  /** The route, for the audit trail. */
  path: string;
}

/**
 * `credentials` and `locked` must be answered alike (401, "wrong email or password"), `locked`
 * with Retry-After; `unavailable` is a 503 with Retry-After.
 */
export type SignInOutcome = { session: Session } | { refused: 'credentials' | 'locked' | 'unavailable'; retryAfterSeconds?: number };

/** How soon to try again when the counts cannot be reached. */
export const UNAVAILABLE_RETRY_SECONDS = 30;

/** The address limits count: the client's own when trustProxyHops names the proxies in front. */
export function clientAddress(req: Pick<Request, 'ip' | 'socket'>): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}

/** As AccountsService looks accounts up: the same account, however it is typed. */
function normalEmail(email: string): string {
  return String(email).trim().toLowerCase();
}

/**
 * Sign-in by password for both routes (the form and the JSON API), with a lockout: failures are
 * counted per account and per client address across routes and API instances, and at the limit the
 * account or address is locked for a while, even to the right password. A lock is answered like a
 * wrong password plus Retry-After, and unknown emails are counted and locked like known ones, so
 * neither reveals whether an account exists.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger(SignInService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly attempts: SignInAttemptsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async signIn(a: SignInAttempt): Promise<SignInOutcome> {
    const account = normalEmail(a.email);
    // Fail closed: while Redis is away no failure can be counted, and going on would let guesses
    // through at the per-process throttle's pace on every instance, unnoticed, for as long as the
    // outage lasts (which a guesser might provoke). Refusing new sign-ins instead costs little:
    // open sessions live in PostgreSQL and keep working, the worker's queues need Redis anyway,
    // and /health reports Redis down, so the outage is seen and short.
    let lock;
    try {
      lock = await this.attempts.lockOf(account, a.address);
    } catch (e) {
      return this.unavailable(e);
    }
    if (lock) {
      await this.record('sign-in.locked', a, lock.scope, account);
      return { refused: 'locked', retryAfterSeconds: Math.ceil(lock.ms / 1000) };
    }
    const session = await this.accounts.signIn(account, a.password);
    if (session) {
      // Redis answered a moment ago, so the limit held for this attempt; a count left behind only
      // makes this person's next lockout come sooner, so it is not worth refusing a right password.
      await this.attempts
        .clearAccount(account)
        .catch((e: Error) => this.logger.warn({ msg: 'sign-in count not cleared', error: e.message }));
      return { session };
    }
    let counted;
    try {
      counted = await this.attempts.recordFailure(account, a.address, {
        accountFailures: this.config.signInLockoutAccountFailures,
        addressFailures: this.config.signInLockoutAddressFailures,
        windowMs: this.config.signInLockoutWindowMinutes * 60_000,
        lockMs: this.config.signInLockoutMinutes * 60_000,
      });
    } catch (e) {
      return this.unavailable(e);
    }
    for (const scope of counted.started) await this.record('sign-in.lockout', a, scope, account);
    return counted.lock ? { refused: 'locked', retryAfterSeconds: Math.ceil(counted.lock.ms / 1000) } : { refused: 'credentials' };
  }

  private unavailable(e: unknown): SignInOutcome {
    this.logger.error({ msg: 'sign-in refused: the attempt counts (Redis) cannot be reached', error: (e as Error).message });
    return { refused: 'unavailable', retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS };
  }

  /**
   * A lockout started (`sign-in.lockout`) or an attempt refused by one (`sign-in.locked`). The
   * account is named by the start of its email's SHA-256, never by what was typed: a password typed
   * into the email field must not reach the trail.
   */
  private record(action: string, a: SignInAttempt, scope: LockScope, account: string): Promise<void> {
    return this.audit.record({
      action,
      method: 'POST',
      path: a.path,
      status: 401,
      detail: { scope, address: a.address, account: hashSecret(account).slice(0, 16) },
    });
  }
}
