// How people sign in to this deployment: local passwords (on or off) and the OpenID Connect
// providers, read from the environment only (a client secret must never sit in a config file) and
// checked when the API starts, so a bad setting stops it with the variable named.
import { LA_CODE, USER_ROLES, type UserRole } from '@app/access';
import { ConfigError } from '@app/config';

export interface OidcProviderSettings {
  /** Lower-case letters, digits and dashes: the variables' infix (OIDC_<ID>_...) and the routes' segment. */
  id: string;
  /** What the sign-in button says after "Sign in with". */
  name: string;
  /** The issuer exactly as the provider's discovery document gives it (matched with the subject). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The roles people signing in through this provider may hold here (ours, set by an administrator). */
  roles: UserRole[];
  /** The LAs they may hold: '*' for any. */
  las: '*' | string[];
  scopes: string;
  /** The claim that says the provider checked the email (Entra ID: xms_edov). */
  emailVerifiedClaim: string;
  /** Whether signing out also sends the browser to the provider's end-session endpoint. */
  endSession: boolean;
}

export interface SignInSettings {
  passwordSignIn: boolean;
  /** The address people reach the service at (https://...), without a trailing slash; absent: the request's own. */
  publicUrl?: string;
  providers: OidcProviderSettings[];
}

type Env = Record<string, string | undefined>;

const ID = /^[a-z][a-z0-9-]{0,30}$/;

/** OIDC_<ID>_<FIELD>: the id upper-cased, dashes as underscores. */
export function providerVariable(id: string, field: string): string {
  return `OIDC_${id.toUpperCase().replace(/-/g, '_')}_${field}`;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  problems.push(`${name} = ${JSON.stringify(raw)}: must be true or false`);
  return fallback;
}

function httpsUrl(raw: string, name: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} = ${JSON.stringify(raw)}: must be a URL`);
    return undefined;
  }
  // Plain http only on this machine's own loopback (a provider run by a test or a developer).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    problems.push(`${name} = ${JSON.stringify(raw)}: must be an https:// URL (http only on localhost)`);
    return undefined;
  }
  return raw.replace(/\/+$/, '');
}

export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function provider(env: Env, id: string, problems: string[]): OidcProviderSettings | undefined {
  const v = (field: string) => providerVariable(id, field);
  const before = problems.length;
  const required = (field: string): string => {
    const raw = env[v(field)]?.trim();
    if (!raw) problems.push(`${v(field)} is not set: provider ${id} needs it`);
    return raw ?? '';
  };
  const name = required('NAME');
  const issuerRaw = required('ISSUER');
  const clientId = required('CLIENT_ID');
  const clientSecret = required('CLIENT_SECRET');
  const rolesRaw = required('ROLES');
  const lasRaw = required('LAS');
  if (name.length > 60) problems.push(`${v('NAME')}: at most 60 characters (it is a button's label)`);
  const issuer = issuerRaw ? httpsUrl(issuerRaw, v('ISSUER'), problems) : undefined;
  const roles = rolesRaw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const role of roles) {
    if (!(USER_ROLES as readonly string[]).includes(role)) {
      problems.push(`${v('ROLES')}: ${JSON.stringify(role)} is not a role (one of ${USER_ROLES.join(', ')})`);
    }
  }
  const las = lasRaw.trim() === '*' ? '*' : lasRaw.split(',').map((la) => la.trim());
  if (las !== '*' && lasRaw) {
    for (const la of las)
      if (!LA_CODE.test(la)) problems.push(`${v('LAS')}: ${JSON.stringify(la)} is not a three-digit LA code (or give *)`);
  }
  const scopes = env[v('SCOPES')]?.trim() || 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) problems.push(`${v('SCOPES')} = ${JSON.stringify(scopes)}: must include openid`);
  const emailVerifiedClaim = env[v('EMAIL_VERIFIED_CLAIM')]?.trim() || 'email_verified';
  if (!/^[A-Za-z0-9_:.-]{1,60}$/.test(emailVerifiedClaim)) problems.push(`${v('EMAIL_VERIFIED_CLAIM')}: must be a claim name`);
  const endSession = flag(env, v('END_SESSION'), false, problems);
  if (problems.length > before || !issuer) return undefined;
  return { id, name, issuer, clientId, clientSecret, roles: roles as UserRole[], las, scopes, emailVerifiedClaim, endSession };
}

/** Reads and checks the settings; throws ConfigError naming every bad variable. */
export function loadSignInSettings(env: Env = process.env): SignInSettings {
  const problems: string[] = [];
  const passwordSignIn = flag(env, 'PASSWORD_SIGN_IN', true, problems);
  const publicRaw = env.PUBLIC_URL?.trim();
  const publicUrl = publicRaw ? httpsUrl(publicRaw, 'PUBLIC_URL', problems) : undefined;
  const ids = (env.OIDC_PROVIDERS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const providers: OidcProviderSettings[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (!ID.test(id)) {
      problems.push(`OIDC_PROVIDERS: ${JSON.stringify(id)} is not a provider id (lower-case letters, digits and dashes)`);
      continue;
    }
    if (seen.has(id)) {
      problems.push(`OIDC_PROVIDERS: ${id} is named twice`);
      continue;
    }
    seen.add(id);
    const p = provider(env, id, problems);
    if (p) providers.push(p);
  }
  if (!passwordSignIn && !ids.length) {
    problems.push('PASSWORD_SIGN_IN = false with no OIDC_PROVIDERS: nobody could sign in');
  }
  if (problems.length) throw new ConfigError(problems);
  return { passwordSignIn, ...(publicUrl ? { publicUrl } : {}), providers };
}

/** The injection token of the API's SignInSettings (read when the API is built). */
export const SIGN_IN_SETTINGS = Symbol('SIGN_IN_SETTINGS');

/** What the sign-in page offers. */
export function signInWays(s: SignInSettings): { password: boolean; providers: { id: string; name: string }[] } {
  return { password: s.passwordSignIn, providers: s.providers.map((p) => ({ id: p.id, name: p.name })) };
}

/** Where this service is reached: PUBLIC_URL, else the request's own scheme and host. */
export function publicBase(s: SignInSettings, req: { protocol: string; get(name: string): string | undefined }): string {
  return s.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
