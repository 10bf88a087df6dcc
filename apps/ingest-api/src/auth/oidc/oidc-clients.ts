import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { SIGN_IN_SETTINGS, type OidcProviderSettings, type SignInSettings, isLoopback } from './sign-in-settings';

/** How long a provider's discovery document may take to answer, in seconds. */
const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * Each configured provider as openid-client knows it (its discovery document and our client),
 * fetched on first use, so the API starts while a provider is away, and fetched again after a
 * failure. openid-client checks that the document's issuer is exactly the configured one.
 */
@Injectable()
export class OidcClients {
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(@Inject(SIGN_IN_SETTINGS) private readonly settings: SignInSettings) {}

  provider(id: string): OidcProviderSettings | undefined {
    return this.settings.providers.find((p) => p.id === id);
  }

  /** The provider whose issuer this is (a user's identity_provider). */
  providerOfIssuer(issuer: string): OidcProviderSettings | undefined {
    return this.settings.providers.find((p) => p.issuer === issuer);
  }

  configuration(p: OidcProviderSettings): Promise<oidc.Configuration> {
    let found = this.configurations.get(p.id);
    if (!found) {
      const issuer = new URL(p.issuer);
      // Plain http only reaches a provider on this machine's loopback (the settings refuse others).
      const execute = issuer.protocol === 'http:' && isLoopback(issuer) ? [oidc.allowInsecureRequests] : [];
      found = oidc.discovery(issuer, p.clientId, p.clientSecret, undefined, { execute, timeout: DISCOVERY_TIMEOUT_SECONDS });
      found.catch(() => this.configurations.delete(p.id));
      this.configurations.set(p.id, found);
    }
    return found;
  }
}
