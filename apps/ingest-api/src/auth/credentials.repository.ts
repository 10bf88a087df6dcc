import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsSystem, type UserRole } from '@app/access';

export interface UserRow {
  user_id: string;
  email: string;
  role: UserRole;
  la_codes: string[];
  staff_ref: string | null;
  identity_provider: string;
  subject: string;
  password_hash: string | null;
  disabled_at: Date | null;
}

export interface NewUser {
  email: string;
  role: UserRole;
  las: string[];
  staffRef?: string | null;
  passwordHash: string | null;
  identityProvider?: string;
  subject?: string;
}

export interface KeyRow {
  key_id: string;
  la_code: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const USER_COLUMNS = 'user_id::text, email, role, la_codes, staff_ref, identity_provider, subject, password_hash, disabled_at';

/**
 * The only code that reads or writes users, sessions and API keys. Always as the owner role
 * (runAsSystem): the application role cannot see these tables at all.
 */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private q<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return runAsSystem(() => this.db.query(sql, params));
  }

  /** TypeORM answers UPDATE ... RETURNING with [rows, count]. */
  private async updated<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const [rows] = (await this.q(sql, params)) as unknown as [T[], number];
    return rows;
  }

  /** Adds a user, or (upsert) replaces the role, LAs, staff reference and password of that email. */
  async saveUser(u: NewUser, upsert = false): Promise<UserRow> {
    const [row] = await this.q<UserRow>(
      `INSERT INTO users (email, role, la_codes, staff_ref, password_hash, identity_provider, subject)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ${
         upsert
           ? `ON CONFLICT (email) DO UPDATE SET role = excluded.role, la_codes = excluded.la_codes,
         staff_ref = excluded.staff_ref, password_hash = excluded.password_hash, disabled_at = NULL`
           : ''
       }
       RETURNING ${USER_COLUMNS}`,
      [u.email, u.role, u.las, u.staffRef ?? null, u.passwordHash, u.identityProvider ?? 'local', u.subject ?? u.email],
    );
    return row;
  }

  async userByEmail(email: string): Promise<UserRow | undefined> {
    return (await this.q<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email]))[0];
  }

  /** The person a provider's (issuer, subject) pair was linked to. */
  async userByIdentity(issuer: string, subject: string): Promise<UserRow | undefined> {
    return (await this.q<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE identity_provider = $1 AND subject = $2`, [issuer, subject]))[0];
  }

  /**
   * Links a provisioned account (still 'local') to a provider's (issuer, subject); undefined when it
   * was linked meanwhile. The unique (identity_provider, subject) refuses a pair already linked.
   */
  async linkIdentity(userId: string, issuer: string, subject: string): Promise<UserRow | undefined> {
    const rows = await this.updated<UserRow>(
      `UPDATE users SET identity_provider = $2, subject = $3 WHERE user_id = $1 AND identity_provider = 'local' RETURNING ${USER_COLUMNS}`,
      [userId, issuer, subject],
    );
    return rows[0];
  }

  async disableUser(email: string): Promise<boolean> {
    const rows = await this.updated(`UPDATE users SET disabled_at = now() WHERE email = $1 AND disabled_at IS NULL RETURNING 1`, [email]);
    await this.q(
      `UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL AND user_id = (SELECT user_id FROM users WHERE email = $1)`,
      [email],
    );
    return rows.length > 0;
  }

  /** A new password hash; every session of the user ends. */
  async setPassword(email: string, passwordHash: string): Promise<boolean> {
    const rows = await this.updated(`UPDATE users SET password_hash = $2 WHERE email = $1 RETURNING user_id`, [email, passwordHash]);
    await this.q(
      `UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL AND user_id = (SELECT user_id FROM users WHERE email = $1)`,
      [email],
    );
    return rows.length > 0;
  }

  async insertSession(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.q(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, userId, expiresAt]);
  }

  /** The user of a live session: not expired, not revoked, the user not disabled. */
  async sessionUser(tokenHash: string): Promise<UserRow | undefined> {
    const rows = await this.q<UserRow>(
      `SELECT ${USER_COLUMNS.split(', ')
        .map((c) => `u.${c}`)
        .join(', ')}
       FROM sessions s JOIN users u USING (user_id)
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [tokenHash],
    );
    return rows[0];
  }

  async revokeSession(tokenHash: string): Promise<void> {
    await this.q(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
  }

  async insertKey(la: string, name: string, prefix: string, keyHash: string, expiresAt: Date | null): Promise<KeyRow> {
    const [row] = await this.q<KeyRow>(
      `INSERT INTO api_keys (la_code, name, key_prefix, key_hash, expires_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING key_id::text, la_code, name, key_prefix, created_at, expires_at, revoked_at`,
      [la, name, prefix, keyHash, expiresAt],
    );
    return row;
  }

  /** A usable key: known, not revoked, not expired. */
  async liveKey(keyHash: string): Promise<KeyRow | undefined> {
    const rows = await this.q<KeyRow>(
      `SELECT key_id::text, la_code, name, key_prefix, created_at, expires_at, revoked_at FROM api_keys
       WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [keyHash],
    );
    return rows[0];
  }

  async revokeKey(keyId: string): Promise<KeyRow | undefined> {
    const rows = await this.updated<KeyRow>(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE key_id = $1
       RETURNING key_id::text, la_code, name, key_prefix, created_at, expires_at, revoked_at`,
      [keyId],
    );
    return rows[0];
  }

  async listKeys(la?: string): Promise<KeyRow[]> {
    return this.q<KeyRow>(
      `SELECT key_id::text, la_code, name, key_prefix, created_at, expires_at, revoked_at FROM api_keys
       WHERE $1::text IS NULL OR la_code = $1 ORDER BY la_code, key_id`,
      [la ?? null],
    );
  }
}
