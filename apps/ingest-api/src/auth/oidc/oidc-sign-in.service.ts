import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AuditService } from '../../audit/audit.service';
import { AccountsService, type Session } from '../accounts.service';
import type { UserRow } from '../credentials.repository';
import { hashSecret, newSecret } from '../tokens';
import { OidcClients } from './oidc-clients';
import { OidcFlowsRepository } from './oidc-flows.repository';
import { type OidcRefusal, refusalMessage } from './oidc-refusals';
import type { OidcProviderSettings } from './sign-in-settings';

/** The pending flow's cookie value says what it is, like session tokens and API keys. */
const FLOW_PREFIX = 'smf_';

export const CALLBACK_PATH = '/sign-in/oidc/:provider/callback';

export function callbackUri(base: string, provider: string): string {
  return `${base}/sign-in/oidc/${encodeURIComponent(provider)}/callback`;
}

export type StartOutcome = { redirect: URL; flowId: string } | { refused: OidcRefusal; status: number; message: string };

export type FinishOutcome = { session: Session; next: string } | { refused: OidcRefusal; status: number; message: string };

export interface Callback {
  provider: string;
  /** The flow cookie's value, if the browser sent one. */
  flowId: string | undefined;
  /** The callback's query string (code, state, or the provider's error), with its "?". */
  search: string;
  address: string;
}

/**
 * Single sign-on by OpenID Connect: the authorization code flow with PKCE, state and nonce (kept in
 * Redis, tied to the browser by a cookie), the ID token checked by openid-client (signature,
 * issuer, audience, expiry, nonce). The person is ours: found by the provider's (issuer, subject),
 * or on a first sign-in by a verified email an administrator provisioned, and then linked. Role and
 * LAs are the account's, never the token's, and must be ones the provider may give. Every outcome
 * is audited; a refusal opens no session.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger(OidcSignInService.name);

  constructor(
    private readonly clients: OidcClients,
    private readonly flows: OidcFlowsRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  /** Sends the browser to the provider, remembering what its answer must match. */
  async start(providerId: string, next: string, base: string): Promise<StartOutcome> {
    const p = this.clients.provider(providerId);
    if (!p) return this.refuseStart('unknown-provider', providerId);
    let config: oidc.Configuration;
    try {
      config = await this.clients.configuration(p);
    } catch (e) {
      this.logger.error({ msg: 'OpenID provider unreachable', provider: p.id, error: (e as Error).message });
      return this.refuseStart('unavailable', providerId, p);
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirectUri = callbackUri(base, p.id);
    const flowId = newSecret(FLOW_PREFIX);
    try {
      await this.flows.save(flowId, { provider: p.id, state, nonce, codeVerifier, redirectUri, next });
    } catch (e) {
      // Fail closed, as password sign-in does: no flow kept, no way to check the answer.
      this.logger.error({ msg: 'single sign-on refused: pending sign-ins (Redis) cannot be reached', error: (e as Error).message });
      return this.refuseStart('unavailable', providerId, p);
    }
    const redirect = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: p.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { redirect, flowId };
  }

  /** The provider's answer: checked, matched to one of our accounts, and a session opened. */
  async finish(c: Callback): Promise<FinishOutcome> {
    const p = this.clients.provider(c.provider);
    if (!p) return this.refuse('unknown-provider', c);
    let flow;
    try {
      flow = c.flowId?.startsWith(FLOW_PREFIX) ? await this.flows.take(c.flowId) : undefined;
    } catch (e) {
      this.logger.error({ msg: 'single sign-on refused: pending sign-ins (Redis) cannot be reached', error: (e as Error).message });
      return this.refuse('unavailable', c, p);
    }
    if (!flow || flow.provider !== p.id) return this.refuse('no-flow', c, p);
    let claims: oidc.IDToken | undefined;
    try {
      const config = await this.clients.configuration(p);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(flow.redirectUri + c.search), {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (e) {
      const why = classify(e);
      this.logger.warn({ msg: 'OpenID sign-in refused', provider: p.id, reason: why, error: (e as Error).message });
      return this.refuse(why, c, p, { error: providerErrorCode(e) });
    }
    if (!claims) return this.refuse('id-token', c, p);
    const subject = { subject: hashSecret(`${claims.iss}|${claims.sub}`).slice(0, 16) };
    const found = await this.match(p, claims);
    if ('refused' in found) return this.refuse(found.refused, c, p, subject);
    const user = found.user;
    if (user.disabled_at) return this.refuse('disabled', c, p, subject);
    if (!mayUse(p, user)) return this.refuse('not-allowed', c, p, subject);
    const session = await this.accounts.openSession(user);
    const { principal } = session;
    await this.audit.record({
      principal,
      action: 'sign-in.oidc',
      la: principal.las !== '*' && principal.las.length === 1 ? principal.las[0] : null,
      method: 'GET',
      path: CALLBACK_PATH,
      status: 303,
      detail: { provider: p.id, linked: found.linked, address: c.address },
    });
    return { session, next: flow.next };
  }

  /** Whose account this is: linked before, or provisioned for the verified email (then linked). */
  private async match(
    p: OidcProviderSettings,
    claims: oidc.IDToken,
  ): Promise<{ user: UserRow; linked: boolean } | { refused: OidcRefusal }> {
    const known = await this.accounts.userForIdentity(claims.iss, claims.sub);
    if (known) return { user: known, linked: false };
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    if (!email) return { refused: 'no-email' };
    if (claims[p.emailVerifiedClaim] !== true) return { refused: 'email-unverified' };
    const provisioned = await this.accounts.userForEmail(email);
    if (!provisioned) return { refused: 'unprovisioned' };
    if (provisioned.identity_provider !== 'local') return { refused: 'already-linked' };
    // Checked before linking too: a disabled account, or one this provider may not give, stays unlinked.
    if (provisioned.disabled_at) return { refused: 'disabled' };
    if (!mayUse(p, provisioned)) return { refused: 'not-allowed' };
    const linked = await this.accounts.linkIdentity(provisioned, claims.iss, claims.sub).catch((e: { code?: string }) => {
      if (e.code === '23505') return undefined; // the pair was linked to another account meanwhile
      throw e;
    });
    return linked ? { user: linked, linked: true } : { refused: 'already-linked' };
  }

  private refuseStart(why: OidcRefusal, providerId: string, p?: OidcProviderSettings): StartOutcome {
    return { refused: why, ...refusalMessage(why, p?.name ?? providerId) };
  }

  /** A refusal, audited (the provider, why and where from; never a token or what the provider sent). */
  private async refuse(
    why: OidcRefusal,
    c: Callback,
    p?: OidcProviderSettings,
    extra: Record<string, string | undefined> = {},
  ): Promise<FinishOutcome> {
    const answer = refusalMessage(why, p?.name ?? c.provider, extra.error);
    const detail: Record<string, string> = { provider: p?.id ?? 'unknown', reason: why, address: c.address };
    for (const [k, v] of Object.entries(extra)) if (v) detail[k] = v;
    await this.audit.recordRefusal({
      action: 'sign-in.oidc.refused',
      method: 'GET',
      path: CALLBACK_PATH,
      status: answer.status,
      detail,
    });
    return { refused: why, ...answer };
  }
}

/** Role and LAs this provider may give: a provider for one LA's staff cannot sign in another's. */
function mayUse(p: OidcProviderSettings, user: UserRow): boolean {
  if (!p.roles.includes(user.role)) return false;
  return p.las === '*' || user.la_codes.every((la) => (p.las as string[]).includes(la));
}

/** Why openid-client refused the answer, in the audit trail's words. */
function classify(e: unknown): OidcRefusal {
  if (e instanceof oidc.AuthorizationResponseError) return 'provider-error';
  if (e instanceof oidc.ResponseBodyError) return 'token-exchange';
  const err = e as { code?: string; cause?: { message?: string; cause?: { claim?: string } } };
  const inner = err.cause;
  if (err.code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(inner?.message ?? '')) return 'state';
  if (err.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return inner?.cause?.claim === 'exp' ? 'expired' : 'id-token';
  if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    const claim = inner?.cause?.claim;
    return claim === 'aud' || claim === 'azp' ? 'audience' : claim === 'nonce' ? 'nonce' : 'id-token';
  }
  if (err instanceof TypeError && /fetch/i.test(err.message)) return 'unavailable';
  return 'id-token';
}

/** The provider's own error code (access_denied, ...), only if it looks like one. */
function providerErrorCode(e: unknown): string | undefined {
  const code = e instanceof oidc.AuthorizationResponseError || e instanceof oidc.ResponseBodyError ? e.error : undefined;
  return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : undefined;
}
