import { Inject, Injectable } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { hashSecret } from '../tokens';

/** What a sign-in that went to a provider must come back with: kept here, never in the browser. */
export interface PendingFlow {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** Where to go once signed in (a path of this site). */
  next: string;
}

/** Time to sign in at the provider (and type a password, answer a second factor). */
export const FLOW_TTL_SECONDS = 600;

/**
 * The only code that touches pending OpenID Connect sign-ins: one per browser cookie, in Redis
 * (shared by every API instance) under the SHA-256 of the cookie's value, taken once and expiring
 * by itself. A callback without its cookie's flow cannot sign anyone in.
 */
@Injectable()
export class OidcFlowsRepository {
  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    private readonly config: AppConfig,
  ) {}

  private key(flowId: string): string {
    return `${this.config.redisPrefix}:oidc-flow:${hashSecret(flowId)}`;
  }

  async save(flowId: string, flow: PendingFlow): Promise<void> {
    await this.redis.set(this.key(flowId), JSON.stringify(flow), 'EX', FLOW_TTL_SECONDS);
  }

  /** The flow, removed as it is read: a callback is answered once. */
  async take(flowId: string): Promise<PendingFlow | undefined> {
    const raw = await this.redis.getdel(this.key(flowId));
    return raw ? (JSON.parse(raw) as PendingFlow) : undefined;
  }
}
