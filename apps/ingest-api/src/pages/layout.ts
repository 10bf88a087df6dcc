// The pages not yet converted to templates build their body as an HTML string; layout() puts it
// in the shared GOV.UK layout (views/layout.njk, through views/bridge.njk) so they already have the
// service's header, navigation for the signed-in role, phase banner and footer.
// TEMPORARY BRIDGE: layout(), banner() and stat() go, with escapeHtml here and assets/dashboard.css,
// when each page (caseworker, case, commissioner, leader, EHC timeliness) renders its own template.
import { escapeHtml } from '@app/compliance';
import { DASHBOARD, type PageKey, pageOfPath, withQuery } from './page-access';
import { ASSETS } from './page-assets';
import { pageChrome } from './page-chrome';
import { currentResponse } from './page-context';
import { renderView } from './views';

export { ASSETS, DASHBOARD, withQuery };

export type NavKey = 'home' | 'caseworker' | 'commissioner' | 'leader' | 'ehc';

const PAGE_OF_NAV: Record<NavKey, PageKey> = {
  home: 'index',
  caseworker: 'caseworker',
  commissioner: 'commissioner',
  leader: 'leader',
  ehc: 'ehc',
};

export interface PageInput {
  title: string;
  /** The LA the page is about: kept in the navigation links. */
  la?: string;
  /** The page's section in the navigation (a case's page is marked from its address instead). */
  active: NavKey;
  /** Small text above the h1, e.g. the LA. */
  caption?: string;
  /** HTML the page escaped by hand: passed through unescaped (the bridge), so nothing else may go here. */
  body: string;
  charts?: boolean;
}

export function layout(p: PageInput): string {
  const scripts = [...(p.charts ? [`${ASSETS}/vendor/chart.umd.js`, `${ASSETS}/charts.js`] : []), `${ASSETS}/tables.js`];
  const req = currentResponse()?.req;
  const chrome = req
    ? pageChrome(req, { page: pageOfPath(req.path) ?? PAGE_OF_NAV[p.active], la: p.la })
    : { navigation: [], signedIn: false };
  return renderView('bridge', { ...chrome, pageTitle: p.title, caption: p.caption, bodyHtml: p.body, scripts });
}

/** A notification banner (success after an action, or information). */
export function banner(title: string, bodyHtml: string, kind: 'success' | 'info' = 'info'): string {
  const role = kind === 'success' ? ' role="alert"' : ' role="region" aria-labelledby="banner-title"';
  return `<div class="notification${kind === 'info' ? ' notification--info' : ''}"${role}>
<h2 class="notification__title" id="banner-title">${escapeHtml(title)}</h2>
<div class="notification__body">${bodyHtml}</div></div>`;
}

/** A headline number with its label; `tone` adds a coloured edge (words carry the meaning). */
export function stat(value: string, label: string, tone?: 'red' | 'amber' | 'green'): string {
  return (
    `<div class="stat${tone ? ` stat--${tone}` : ''}"><span class="stat__value">${escapeHtml(value)}</span>` +
    `<span class="stat__label">${escapeHtml(label)}</span></div>`
  );
}
