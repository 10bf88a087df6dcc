import { ConfigError } from '@app/config';
import { loadSignInSettings, providerVariable } from './sign-in-settings';

const ENTRA = {
  OIDC_PROVIDERS: 'entra',
  OIDC_ENTRA_NAME: 'Council account',
  OIDC_ENTRA_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  OIDC_ENTRA_CLIENT_ID: 'client-id',
  OIDC_ENTRA_CLIENT_SECRET: 'client-secret',
  OIDC_ENTRA_ROLES: 'caseworker, team_manager',
  OIDC_ENTRA_LAS: '805,806',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadSignInSettings(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('sign-in settings', () => {
  it('are password only when nothing is set', () => {
    expect(loadSignInSettings({})).toEqual({ passwordSignIn: true, providers: [] });
  });

  it('read a provider with its defaults', () => {
    const s = loadSignInSettings({ ...ENTRA, PASSWORD_SIGN_IN: 'false', PUBLIC_URL: 'https://send.council.example/' });
    expect(s.passwordSignIn).toBe(false);
    expect(s.publicUrl).toBe('https://send.council.example');
    expect(s.providers).toEqual([
      {
        id: 'entra',
        name: 'Council account',
        issuer: ENTRA.OIDC_ENTRA_ISSUER,
        clientId: 'client-id',
        clientSecret: 'client-secret',
        roles: ['caseworker', 'team_manager'],
        las: ['805', '806'],
        scopes: 'openid email profile',
        emailVerifiedClaim: 'email_verified',
        endSession: false,
      },
    ]);
  });

  it('name each missing or bad variable', () => {
    expect(problems({ OIDC_PROVIDERS: 'entra' })).toEqual(
      ['NAME', 'ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'ROLES', 'LAS'].map((f) => `OIDC_ENTRA_${f} is not set: provider entra needs it`),
    );
    expect(
      problems({
        ...ENTRA,
        OIDC_ENTRA_ISSUER: 'http://idp.example',
        OIDC_ENTRA_ROLES: 'caseworker,wizard',
        OIDC_ENTRA_LAS: '805,80',
        OIDC_ENTRA_END_SESSION: 'maybe',
      }),
    ).toEqual([
      'OIDC_ENTRA_ISSUER = "http://idp.example": must be an https:// URL (http only on localhost)',
      'OIDC_ENTRA_ROLES: "wizard" is not a role (one of caseworker, team_manager, commissioner, leader, admin)',
      'OIDC_ENTRA_LAS: "80" is not a three-digit LA code (or give *)',
      'OIDC_ENTRA_END_SESSION = "maybe": must be true or false',
    ]);
    expect(problems({ PASSWORD_SIGN_IN: 'false' })).toEqual(['PASSWORD_SIGN_IN = false with no OIDC_PROVIDERS: nobody could sign in']);
    expect(problems({ ...ENTRA, OIDC_PROVIDERS: 'entra,Bad_Id,entra' })).toEqual([
      'OIDC_PROVIDERS: "Bad_Id" is not a provider id (lower-case letters, digits and dashes)',
      'OIDC_PROVIDERS: entra is named twice',
    ]);
  });

  it('take plain http only for a provider on this machine', () => {
    const s = loadSignInSettings({ ...ENTRA, OIDC_ENTRA_ISSUER: 'http://127.0.0.1:4000', OIDC_ENTRA_LAS: '*' });
    expect(s.providers[0]).toMatchObject({ issuer: 'http://127.0.0.1:4000', las: '*' });
  });

  it('spell a dashed id with underscores in its variables', () => {
    expect(providerVariable('nhs-trust', 'CLIENT_ID')).toBe('OIDC_NHS_TRUST_CLIENT_ID');
  });
});
