import { Injectable } from '@nestjs/common';
import { compare, hash } from 'bcryptjs';
import { AppConfig } from '@app/config';
import { LA_CODE, USER_ROLES, type Principal, type UserRole, scopeForRole } from '@app/access';
import { CredentialsRepository, type UserRow } from './credentials.repository';
import { SESSION_PREFIX, hashSecret, newPassword, newSecret } from './tokens';

export interface NewAccount {
  email: string;
  role: UserRole;
  las: string[];
  staffRef?: string | null;
  /** Generated (and returned once) when absent; null: no password (single sign-on only). */
  password?: string | null;
}

export interface Session {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

export class AccountInvalidError extends Error {
  override name = 'AccountInvalidError';
}

export function userPrincipal(u: UserRow): Principal {
  return {
    kind: 'user',
    id: u.user_id,
    label: u.email,
    role: u.role,
    las: scopeForRole(u.role, u.la_codes),
    staffRef: u.staff_ref,
  };
}

/** User accounts and their sessions: passwords hashed with bcrypt, sessions as opaque tokens stored hashed. */
@Injectable()
export class AccountsService {
  /** Compared against when the email is unknown, so a miss takes as long as a wrong password. */
  private noUserHash?: Promise<string>;

  constructor(
    private readonly repo: CredentialsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Creates an account (or with `upsert`, resets it); returns the password, shown once (none for single sign-on only). */
  async addUser(a: NewAccount & { password: null }, upsert?: boolean): Promise<{ user: UserRow; password: null }>;
  async addUser(a: NewAccount & { password?: string }, upsert?: boolean): Promise<{ user: UserRow; password: string }>;
  async addUser(a: NewAccount, upsert?: boolean): Promise<{ user: UserRow; password: string | null }>;
  async addUser(a: NewAccount, upsert = false): Promise<{ user: UserRow; password: string | null }> {
    const email = a.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AccountInvalidError(`${a.email} is not an email address`);
    if (!USER_ROLES.includes(a.role)) throw new AccountInvalidError(`role must be one of ${USER_ROLES.join(', ')}`);
    const las = [...new Set(a.las)];
    for (const la of las) if (!LA_CODE.test(la)) throw new AccountInvalidError(`${la} is not a three-digit LA code`);
    if (a.role !== 'admin' && !las.length) throw new AccountInvalidError(`a ${a.role} needs an LA (--la)`);
    if (!['admin', 'commissioner'].includes(a.role) && las.length !== 1) {
      throw new AccountInvalidError(`a ${a.role} holds exactly one LA; only commissioners hold several`);
    }
    const password = a.password === null ? null : (a.password ?? newPassword());
    if (password !== null && password.length < 12) throw new AccountInvalidError('a password needs at least 12 characters');
    const passwordHash = password === null ? null : await hash(password, this.config.passwordHashCost);
    const user = await this.repo.saveUser(
      { email, role: a.role, las: a.role === 'admin' ? [] : las, staffRef: a.staffRef ?? null, passwordHash },
      upsert,
    );
    return { user, password };
  }

  /** Checks a password and opens a session; undefined (after the same work) when either is wrong. */
  async signIn(email: string, password: string): Promise<Session | undefined> {
    const user = await this.repo.userByEmail(String(email).trim().toLowerCase());
    this.noUserHash ??= hash(newPassword(), this.config.passwordHashCost);
    const ok = await compare(String(password), user?.password_hash ?? (await this.noUserHash));
    if (!user || !ok || !user.password_hash || user.disabled_at) return undefined;
    return this.openSession(user);
  }

  /** A session for a user already identified (password here; an OpenID Connect callback later). */
  async openSession(user: UserRow): Promise<Session> {
    const token = newSecret(SESSION_PREFIX);
    const expiresAt = new Date(Date.now() + this.config.sessionTtlMinutes * 60_000);
    await this.repo.insertSession(hashSecret(token), user.user_id, expiresAt);
    return { token, expiresAt, principal: userPrincipal(user) };
  }

  /** The account a provider's (issuer, subject) was linked to on an earlier sign-in. */
  userForIdentity(issuer: string, subject: string): Promise<UserRow | undefined> {
    return this.repo.userByIdentity(issuer, subject);
  }

  /** The account an administrator provisioned for this email. */
  userForEmail(email: string): Promise<UserRow | undefined> {
    return this.repo.userByEmail(String(email).trim().toLowerCase());
  }

  /** Records the (issuer, subject) of a provisioned account's first single sign-on; undefined if it was linked already. */
  linkIdentity(user: UserRow, issuer: string, subject: string): Promise<UserRow | undefined> {
    return this.repo.linkIdentity(user.user_id, issuer, subject);
  }

  async principalForSession(token: string): Promise<Principal | undefined> {
    const user = await this.repo.sessionUser(hashSecret(token));
    return user ? userPrincipal(user) : undefined;
  }

  /** Ends the session; answers whose it was (for a provider's sign-out), if it was live. */
  async signOut(token: string): Promise<UserRow | undefined> {
    const user = await this.repo.sessionUser(hashSecret(token));
    await this.repo.revokeSession(hashSecret(token));
    return user;
  }

  /** Sets a new password (generated when absent, returned once) and ends the user's sessions. */
  async resetPassword(email: string, password = newPassword()): Promise<string | undefined> {
    if (password.length < 12) throw new AccountInvalidError('a password needs at least 12 characters');
    const done = await this.repo.setPassword(email.trim().toLowerCase(), await hash(password, this.config.passwordHashCost));
    return done ? password : undefined;
  }

  async disable(email: string): Promise<boolean> {
    return this.repo.disableUser(email.trim().toLowerCase());
  }
}
