// The sign-in page's view model and its rendering (views/sign-in.njk, GOV.UK's input, button and
// error summary components; the template escapes every value).
import { renderView } from '../pages/views';

/** Only a path of this site: never another host (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

/** The ways this deployment offers: its password form (unless switched off) and its providers. */
export interface SignInWays {
  password: boolean;
  providers: { id: string; name: string }[];
}

export const PASSWORD_ONLY: SignInWays = { password: true, providers: [] };

export interface SignInView {
  pageTitle: string;
  next: string;
  passwordSignIn: boolean;
  /** govukButton's params: a link per provider ("Sign in with ..."), to start its sign-in. */
  providerButtons: object[];
  /** govukErrorSummary's params, when the last attempt failed. */
  errorSummary?: { titleText: string; errorList: { text: string; href: string }[] };
  emailInput: object;
  passwordInput: object;
  /** The sign-in page offers no navigation, even to someone still signed in. */
  navigation: [];
  signedIn: false;
}

/**
 * The page, empty or after a failed attempt. A password's error is the password field's (the email
 * is kept, and the summary's link puts the cursor in the password field to try again); a single
 * sign-on's (`errorFor` 'provider') links to the first provider's button.
 */
export function signInView(
  next: string,
  error?: string,
  email?: string,
  ways: SignInWays = PASSWORD_ONLY,
  errorFor: 'password' | 'provider' = 'password',
): SignInView {
  const onPassword = errorFor === 'password' && ways.password;
  const href = onPassword ? '#password' : ways.providers.length ? `#sign-in-${ways.providers[0].id}` : '#main-content';
  return {
    pageTitle: 'Sign in',
    next,
    passwordSignIn: ways.password,
    providerButtons: ways.providers.map((p) => ({
      text: `Sign in with ${p.name}`,
      href: `/sign-in/oidc/${encodeURIComponent(p.id)}${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`,
      attributes: { id: `sign-in-${p.id}` },
      ...(ways.password ? { classes: 'govuk-button--secondary' } : {}),
    })),
    ...(error ? { errorSummary: { titleText: 'There is a problem', errorList: [{ text: error, href }] } } : {}),
    emailInput: {
      id: 'email',
      name: 'email',
      type: 'email',
      label: { text: 'Email address' },
      autocomplete: 'username',
      spellcheck: false,
      value: email,
    },
    passwordInput: {
      id: 'password',
      name: 'password',
      type: 'password',
      label: { text: 'Password' },
      autocomplete: 'current-password',
      ...(error && onPassword ? { errorMessage: { text: error } } : {}),
    },
    navigation: [],
    signedIn: false,
  };
}

/** The sign-in page as HTML (GET /sign-in, and the answer to a failed sign-in). */
export function signInPage(
  next: string,
  error?: string,
  email?: string,
  ways: SignInWays = PASSWORD_ONLY,
  errorFor: 'password' | 'provider' = 'password',
): string {
  return renderView('sign-in', signInView(next, error, email, ways, errorFor));
}
