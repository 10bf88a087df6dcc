// What a browser is told when it cannot have the page it asked for: plain words and a way on,
// never the route, the method or the role's internal name.
import type { Principal } from '@app/access';
import type { Refusal } from '../auth/la-gate';
import { NAV_PAGES, PAGE_ROLES, type PageKey, roleName, rolesInWords } from './page-access';

export type ErrorStatus = 400 | 401 | 403 | 404 | 422;

export interface ErrorPageView {
  pageTitle: string;
  paragraphs: string[];
  links: { href: string; text: string }[];
  /** A button that signs out and so leads to the sign-in page. */
  offerSignInAsSomeoneElse: boolean;
}

const PAGE_NAMES: Record<PageKey, string> = {
  ...(Object.fromEntries(NAV_PAGES.map((n) => [n.key, n.label])) as Record<
    Exclude<PageKey, 'case' | 'senSupport' | 'alternativeProvision'>,
    string
  >),
  case: 'A case’s page',
  senSupport: 'SEND support',
  alternativeProvision: 'Alternative provision',
};

export interface ErrorContext {
  status: ErrorStatus;
  principal?: Pick<Principal, 'kind' | 'role'>;
  /** The page asked for, if it is one of the dashboards. */
  page?: PageKey;
  /** Why the guard refused a 403. */
  refusal?: Refusal;
  /**
   * The browser sent a session cookie, though no guard read it (an address no page answers): its
   * home is the way on, and / sends it to sign in again if the session has ended.
   */
  hasSession?: boolean;
}

export function errorPageView(c: ErrorContext): ErrorPageView {
  const person = c.principal?.kind === 'user' ? c.principal : undefined;
  const home = person || c.hasSession ? [{ href: '/', text: 'Go to your home page' }] : [{ href: '/sign-in', text: 'Sign in' }];
  switch (c.status) {
    case 401:
      return {
        pageTitle: 'You need to sign in',
        paragraphs: ['You are not signed in, or you were signed out after a time without using the service.'],
        links: [{ href: '/sign-in', text: 'Sign in' }],
        offerSignInAsSomeoneElse: false,
      };
    case 403:
      return { ...refusedWords(c), links: home, offerSignInAsSomeoneElse: !!person };
    case 404:
      return {
        pageTitle: 'Page not found',
        paragraphs: [
          'If you typed the web address, check it is correct.',
          'If you pasted the web address, check you copied the entire address.',
          'If a case or alert was here, it may have a different reference, or belong to another local authority.',
        ],
        links: home,
        offerSignInAsSomeoneElse: false,
      };
    case 400:
    case 422:
      return {
        pageTitle: 'Sorry, there is a problem with that request',
        paragraphs: [
          'Part of the web address or the form is not in a form the service can use, so nothing was shown or changed.',
          'Go back and try again, or start from your home page.',
        ],
        links: home,
        offerSignInAsSomeoneElse: false,
      };
  }
}

function refusedWords(c: ErrorContext): Pick<ErrorPageView, 'pageTitle' | 'paragraphs'> {
  const pageTitle = 'You do not have access to this page';
  if (c.refusal === 'la') {
    return { pageTitle, paragraphs: ['This page is about a local authority your account does not cover.'] };
  }
  if (c.refusal === 'cross-site') {
    return {
      pageTitle: 'That change was not made',
      paragraphs: ['It was sent from another website. Go back to the page in this service and try again.'],
    };
  }
  const who = c.principal?.kind === 'user' ? `You are signed in as ${roleName(c.principal.role)}.` : undefined;
  const page = c.page && c.page !== 'index' ? c.page : undefined;
  const forWhom = page ? `${PAGE_NAMES[page]} is for ${rolesInWords(PAGE_ROLES[page])}.` : 'Your account does not give access to it.';
  return { pageTitle, paragraphs: [who, forWhom].filter((p): p is string => !!p) };
}
