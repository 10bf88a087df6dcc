import { signedOutView } from '../auth/oidc/signed-out-page';
import { signInView } from '../auth/sign-in-page';
import { dashboardView } from './dashboard.view';
import { errorPageView } from './error-page.view';
import { views } from './views';

// Strings a hostile or careless source could put in a page: markup, attribute breakers, and
// template syntax (which must come out as text, never be evaluated).
const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
const SINGLE = "' onmouseover='alert(3)";
const TEMPLATE = '{{ 7 * 7 }}{% if true %}evaluated{% endif %}';
const HOSTILE = `${SCRIPT}${ATTRIBUTE}${SINGLE}${TEMPLATE}`;

const chrome = {
  cspNonce: 'bm9uY2U=',
  signedIn: true,
  navigation: [{ text: HOSTILE, href: `/dashboard?la=${HOSTILE}`, current: true }],
};

function expectEscaped(html: string): void {
  expect(html).not.toContain(SCRIPT);
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain("' onmouseover='");
  expect(html).not.toMatch(/>\s*49\s*</);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  expect(html).toContain('&#39; onmouseover=&#39;alert(3)');
  // Template syntax in a value is text: still there whole, not evaluated.
  expect(html).toContain(TEMPLATE);
}

describe('the page templates escape everything they are given', () => {
  it('renders with autoescape on, and puts the request nonce on the template’s inline script only', () => {
    const html = views.render('no-cases.njk', { ...chrome, pageTitle: 'x', text: 'y' });
    expect(html).toContain('<script nonce="bm9uY2U=">');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toEqual(['<script nonce="bm9uY2U=">']);
  });

  it('escapes the layout: title, navigation text and links', () => {
    expectEscaped(views.render('no-cases.njk', { ...chrome, pageTitle: HOSTILE, text: HOSTILE }));
  });

  it('escapes the sign-in form: the address to return to, the error and the email typed', () => {
    const html = views.render('sign-in.njk', { ...chrome, ...signInView(HOSTILE, HOSTILE, HOSTILE) });
    expectEscaped(html);
    // The error is both in the summary (linked to the field) and on the field.
    expect(html.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(4);
  });

  it('escapes the single sign-on buttons and pages: provider names, their error, the end-session address', () => {
    const ways = { password: false, providers: [{ id: 'entra', name: HOSTILE }] };
    const html = views.render('sign-in.njk', { ...chrome, ...signInView(HOSTILE, HOSTILE, undefined, ways, 'provider') });
    expectEscaped(html);
    expect(html).not.toContain('id="password"'); // switched off: no password form
    expect(html).toContain('href="#sign-in-entra"'); // the error links to the provider's button
    expectEscaped(views.render('signed-out.njk', { ...chrome, ...signedOutView(HOSTILE, `https://idp.example/end?x=${HOSTILE}`) }));
  });

  it('escapes the error pages', () => {
    const view = errorPageView({ status: 403, principal: { kind: 'user', role: 'caseworker' }, page: 'commissioner', refusal: 'role' });
    expectEscaped(
      views.render('error.njk', {
        ...chrome,
        ...view,
        pageTitle: HOSTILE,
        paragraphs: [HOSTILE],
        links: [{ href: HOSTILE, text: HOSTILE }],
      }),
    );
  });

  it('escapes the dashboards’ index: LA names and codes from the database', () => {
    const model = dashboardView({ la: HOSTILE, las: [{ la: HOSTILE, name: HOSTILE }], role: 'admin' });
    expectEscaped(views.render('dashboard.njk', { ...chrome, ...model, lead: HOSTILE }));
  });
});
