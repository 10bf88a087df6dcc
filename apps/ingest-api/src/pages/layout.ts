// The one layout every dashboard page shares: skip link, header with navigation, phase banner,
// main, footer, and the scripts (Chart.js only on pages that draw charts).
import { escapeHtml } from '@app/compliance';

export const DASHBOARD = '/dashboard';
export const ASSETS = `${DASHBOARD}/assets`;

export type NavKey = 'home' | 'caseworker' | 'commissioner' | 'leader' | 'ehc';

const NAV: { key: NavKey; label: string; path: string }[] = [
  { key: 'caseworker', label: 'My cases', path: `${DASHBOARD}/caseworker` },
  { key: 'commissioner', label: 'Waiting lists', path: `${DASHBOARD}/commissioner` },
  { key: 'leader', label: 'Weekly summary', path: `${DASHBOARD}/leader` },
  { key: 'ehc', label: 'EHC timeliness', path: `${DASHBOARD}/ehc-timeliness` },
];

export interface PageInput {
  title: string;
  /** The LA the page is about: kept in the navigation links. */
  la?: string;
  active: NavKey;
  /** Small text above the h1, e.g. the LA. */
  caption?: string;
  body: string;
  charts?: boolean;
}

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const PHASE_BANNER =
  '<div class="phase-banner"><strong class="tag tag--blue">Synthetic data</strong> ' +
  'Pseudonymous references only: no child is named here.</div>';

export function layout(p: PageInput): string {
  const nav = NAV.map((n) => {
    const current = n.key === p.active ? ' aria-current="page"' : '';
    return `<li><a href="${escapeHtml(withQuery(n.path, { la: p.la }))}"${current}>${escapeHtml(n.label)}</a></li>`;
  }).join('');
  const scripts = [...(p.charts ? [`${ASSETS}/vendor/chart.umd.js`, `${ASSETS}/charts.js`] : []), `${ASSETS}/tables.js`]
    .map((src) => `<script src="${src}" defer></script>`)
    .join('\n');
  const homeCurrent = p.active === 'home' ? ' aria-current="page"' : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)} - SEND timeliness monitor</title>
<link rel="icon" href="${ASSETS}/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS}/dashboard.css">
${scripts}
</head>
<body>
<a href="#main-content" class="skip-link">Skip to main content</a>
<header class="header">
  <div class="header__inner">
    <a class="header__service" href="${escapeHtml(withQuery(DASHBOARD, { la: p.la }))}"${homeCurrent}>SEND timeliness monitor</a>
    <nav aria-label="Dashboards"><ul class="header__nav">${nav}</ul></nav>
    <form class="header__sign-out" method="post" action="/sign-out"><button type="submit">Sign out</button></form>
  </div>
</header>
<div class="width-container">
  ${PHASE_BANNER}
  <main id="main-content" tabindex="-1">
    ${p.caption ? `<span class="caption">${escapeHtml(p.caption)}</span>` : ''}
    <h1>${escapeHtml(p.title)}</h1>
${p.body}
  </main>
</div>
<footer class="footer"><div class="width-container">
  SEND timeliness monitor. Dates are calendar dates in Europe/London.
  <a href="/docs">API documentation</a>.
  Contains public sector information licensed under the Open Government Licence v3.0.
</div></footer>
</body>
</html>`;
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
