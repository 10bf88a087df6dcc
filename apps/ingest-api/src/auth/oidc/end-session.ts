import * as oidc from 'openid-client';
import type { OidcClients } from './oidc-clients';
import type { OidcProviderSettings } from './sign-in-settings';

/**
 * The provider's end-session address (RP-initiated logout), coming back to `back`; undefined when
 * the provider has none. Named by our client id: no ID token is kept to pass as a hint.
 */
export async function endSessionUrl(clients: OidcClients, p: OidcProviderSettings, back: string): Promise<string | undefined> {
  const config = await clients.configuration(p);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return oidc.buildEndSessionUrl(config, { client_id: p.clientId, post_logout_redirect_uri: back }).href;
}
