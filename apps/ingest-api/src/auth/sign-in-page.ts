// The sign-in page's view model and its rendering (views/sign-in.njk, GOV.UK's input, button and
// error summary components; the template escapes every value).
import { renderView } from '../pages/views';

/** Only a path of this site: never another host (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

export interface SignInView {
  pageTitle: string;
  next: string;
  /** govukErrorSummary's params, when the last attempt failed. */
  errorSummary?: { titleText: string; errorList: { text: string; href: string }[] };
  emailInput: object;
  passwordInput: object;
  /** The sign-in page offers no navigation, even to someone still signed in. */
  navigation: [];
  signedIn: false;
}

/**
 * The form, empty or after a failed attempt: the error is the password field's (the email is kept,
 * and the summary's link puts the cursor in the password field to try again).
 */
export function signInView(next: string, error?: string, email?: string): SignInView {
  return {
    pageTitle: 'Sign in',
    next,
    ...(error ? { errorSummary: { titleText: 'There is a problem', errorList: [{ text: error, href: '#password' }] } } : {}),
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
      ...(error ? { errorMessage: { text: error } } : {}),
    },
    navigation: [],
    signedIn: false,
  };
}

/** The sign-in page as HTML (GET /sign-in, and the answer to a failed POST). */
export function signInPage(next: string, error?: string, email?: string): string {
  return renderView('sign-in', signInView(next, error, email));
}
