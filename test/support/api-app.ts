import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { UserRole } from '@app/access';
import { createApiApp } from '../../apps/ingest-api/src/create-app';
import { AccountsService } from '../../apps/ingest-api/src/auth/accounts.service';
import { ApiKeysService } from '../../apps/ingest-api/src/auth/api-keys.service';

type Http = () => ReturnType<typeof request>;

export interface TestUser {
  email: string;
  password: string;
  /** A live session token (Bearer, or the send_session cookie). */
  token: string;
  userId: string;
}

export interface TestApi {
  app: NestExpressApplication;
  /** Requests as an administrator of this test run (every LA, every route). */
  http: Http;
  /** Requests carrying this session token or API key instead. */
  as: (token: string) => Http;
  /** Requests with no credential at all. */
  anonymous: Http;
  /** A new user of that role and LAs, signed in. */
  user: (role: UserRole, las: string[], staffRef?: string) => Promise<TestUser>;
  /** A new API key for one LA (shown once, like `cli key create`). */
  apiKey: (la: string, expiresInDays?: number) => Promise<{ key: string; keyId: string }>;
  adminToken: string;
  db: DataSource;
  close: () => Promise<void>;
  /** How many stored events have ids starting with `prefix-`. */
  countEvents: (prefix: string) => Promise<number>;
}

/**
 * The real API (real PostgreSQL and Redis of this test run), served in-process. `http()`
 * authenticates as an administrator; `as(token)` acts as anyone else.
 */
export async function startApi(): Promise<TestApi> {
  const app = await createApiApp();
  await app.init();
  const db = app.get(DataSource);
  const accounts = app.get(AccountsService);
  const keys = app.get(ApiKeysService);
  const server = app.getHttpServer();
  const as =
    (token: string): Http =>
    () =>
      request.agent(server).set('authorization', `Bearer ${token}`);
  const user = async (role: UserRole, las: string[], staffRef?: string): Promise<TestUser> => {
    const email = `${role}-${randomBytes(6).toString('hex')}@test.example`;
    const { user: row, password } = await accounts.addUser({ email, role, las, staffRef });
    const session = await accounts.openSession(row);
    return { email, password, token: session.token, userId: row.user_id };
  };
  const admin = await user('admin', []);
  return {
    app,
    http: as(admin.token),
    as,
    anonymous: () => request(server),
    user,
    apiKey: async (la, expiresInDays) => {
      const { key, row } = await keys.create(la, `test key ${randomBytes(3).toString('hex')}`, expiresInDays);
      return { key, keyId: row.key_id };
    },
    adminToken: admin.token,
    db,
    close: () => app.close(),
    countEvents: async (prefix) => Number((await db.query(`SELECT count(*) FROM events WHERE event_id LIKE $1`, [`${prefix}-%`]))[0].count),
  };
}
