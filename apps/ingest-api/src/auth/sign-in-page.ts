import { escapeHtml } from '@app/compliance';

/** Only a path of this site: never another host (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

/** A page in the dashboards' look (their stylesheet is public), without their navigation. */
export function plainPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - SEND timeliness monitor</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<style>
.sign-in .field{margin-bottom:20px;max-width:24rem}
.sign-in input{width:100%;box-sizing:border-box;font:inherit;padding:5px;border:2px solid #0b0c0c}
.error{color:#d4351c;font-weight:700}
</style>
</head><body>
<header class="header"><div class="header__inner"><span class="header__service">SEND timeliness monitor</span></div></header>
<div class="width-container"><main id="main-content" tabindex="-1">
<h1>${escapeHtml(title)}</h1>
${body}
</main></div></body></html>`;
}

/** The sign-in page of the dashboards: a plain form, no script. */
export function signInPage(next: string, error?: string): string {
  return plainPage(
    'Sign in',
    `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form class="sign-in" method="post" action="/sign-in">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required></div>
<div class="field"><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="button" type="submit">Sign in</button>
</form>`,
  );
}

/** What a signed-in browser sees when its role or LA may not open a page. */
export function refusedPage(message: string): string {
  return plainPage(
    'You cannot open this page',
    `<p>${escapeHtml(message)}</p>
<form method="post" action="/sign-out"><button class="button button--secondary" type="submit">Sign in as someone else</button></form>
<p><a href="/dashboard">Back to the dashboards</a></p>`,
  );
}
