// A real OpenID provider (oidc-provider, an ES module, hence its own process) on a loopback port,
// for the single sign-on tests. Argument: JSON { port, clients: [{ clientId, secret, redirectUri,
// postLogoutUri, tamper? }], accounts: { <login>: { email, email_verified } } }. Its development
// sign-in form takes any password for a login; consent is granted without asking. A client with
// `tamper` gets ID tokens signed by the provider's own key but made out for another audience
// ('audience') or already expired ('expired'), as a misconfigured or hostile provider would send.
// Prints "ready" once it listens.
import { createServer } from 'node:http';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const { port, clients, accounts } = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: clients.map((c) => ({
    client_id: c.clientId,
    client_secret: c.secret,
    redirect_uris: [c.redirectUri],
    post_logout_redirect_uris: [c.postLogoutUri],
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  })),
  jwks: { keys: [jwk] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The email in the ID token itself (as Entra ID does), not only from the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['oidc-test-cookie-key'] },
  async findAccount(_ctx, id) {
    return { accountId: id, claims: async () => ({ sub: id, ...(accounts[id] ?? {}) }) };
  },
  // Consent is not the subject here: every client is granted the scopes it asks for.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const tampering = Object.fromEntries(clients.filter((c) => c.tamper).map((c) => [c.clientId, c.tamper]));

provider.use(async (ctx, next) => {
  await next();
  const how = ctx.path === '/token' ? tampering[ctx.oidc?.client?.clientId] : undefined;
  if (!how || !ctx.body?.id_token) return;
  const claims = decodeJwt(ctx.body.id_token);
  const now = Math.floor(Date.now() / 1000);
  const changed = how === 'audience' ? { ...claims, aud: 'another-service' } : { ...claims, iat: now - 7200, exp: now - 3600 };
  ctx.body = {
    ...ctx.body,
    id_token: await new SignJWT(changed).setProtectedHeader(decodeProtectedHeader(ctx.body.id_token)).sign(privateKey),
  };
});

createServer(provider.callback()).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
