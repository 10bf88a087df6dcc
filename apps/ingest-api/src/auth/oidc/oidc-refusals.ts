// Why a single sign-on was refused, and what the person is told: plain words saying what to do
// next, never the provider's raw error text or anything it sent about them.

export type OidcRefusal =
  | 'unknown-provider'
  | 'unavailable'
  | 'no-flow'
  | 'state'
  | 'provider-error'
  | 'token-exchange'
  | 'audience'
  | 'expired'
  | 'nonce'
  | 'id-token'
  | 'no-email'
  | 'email-unverified'
  | 'unprovisioned'
  | 'already-linked'
  | 'disabled'
  | 'not-allowed';

const ASK = 'Ask your administrator if you need access.';

/** The status and the sentence the sign-in page shows for a refusal through the named provider. */
export function refusalMessage(why: OidcRefusal, provider: string, providerError?: string): { status: number; message: string } {
  switch (why) {
    case 'unknown-provider':
      return { status: 404, message: 'There is no such way to sign in here.' };
    case 'unavailable':
      return { status: 503, message: `Signing in with ${provider} is unavailable just now. Try again in a few minutes.` };
    case 'no-flow':
      return {
        status: 400,
        message: 'This sign-in did not start in this browser, was used already, or took longer than 10 minutes. Start again.',
      };
    case 'state':
      return { status: 400, message: `The answer from ${provider} does not match the sign-in this browser started. Start again.` };
    case 'provider-error':
      return { status: 401, message: `${provider} did not sign you in${providerError ? ` (${providerError.replace(/_/g, ' ')})` : ''}.` };
    case 'token-exchange':
      return { status: 401, message: `${provider} did not confirm the sign-in. Start again.` };
    case 'audience':
      return { status: 401, message: `${provider} sent proof of identity made out for another service, so it was refused. Start again.` };
    case 'expired':
      return { status: 401, message: `${provider} sent proof of identity that had already expired, so it was refused. Start again.` };
    case 'nonce':
    case 'id-token':
      return { status: 401, message: `${provider} sent proof of identity that failed its checks, so it was refused. Start again.` };
    case 'no-email':
      return { status: 403, message: `${provider} did not give an email address to find your account by. ${ASK}` };
    case 'email-unverified':
      return { status: 403, message: `${provider} did not confirm your email address, so no account can be matched to it. ${ASK}` };
    case 'unprovisioned':
      return { status: 403, message: `There is no account here for the email address ${provider} gave. ${ASK}` };
    case 'already-linked':
      return { status: 403, message: `The account for this email address is already linked to another sign-in. ${ASK}` };
    case 'disabled':
      return { status: 403, message: `This account is switched off. ${ASK}` };
    case 'not-allowed':
      return { status: 403, message: `Your account cannot sign in with ${provider}. ${ASK}` };
  }
}
