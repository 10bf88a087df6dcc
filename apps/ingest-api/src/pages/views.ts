// The pages' template engine: Nunjucks with autoescape on, so every value a template writes is
// escaped unless a template marks it safe. Templates are found in views/ beside this file and in
// govuk-frontend's dist folder, so a page can `{% extends "layout.njk" %}` (which extends
// "govuk/template.njk") and `{% from "govuk/components/<name>/macro.njk" import ... %}`.
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import nunjucks from 'nunjucks';
import { currentResponse } from './page-context';

export const VIEWS_DIR = join(__dirname, 'views');
/** govuk-frontend's package exports ./package.json; its templates, CSS, JS and assets are under dist/. */
export const GOVUK_FRONTEND_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

export const views = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST]), {
  autoescape: true,
  // A template that names a missing variable writes nothing (as GOV.UK's macros expect of their
  // optional params), never the text "undefined".
  throwOnUndefined: false,
});

/** Nest's view engine (@Render('name') renders views/name.njk with res.locals and the handler's view model). */
export function configureViews(app: NestExpressApplication): void {
  views.express(app.getHttpAdapter().getInstance());
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');
}

/**
 * A page as a string, with what res.render would add (res.locals: the CSP nonce, the navigation),
 * for the few answers that are not a handler's return value: the sign-in form after a wrong
 * password, the error pages, and the pages still built as strings.
 */
export function renderView(view: string, model: object): string {
  return views.render(`${view}.njk`, { ...(currentResponse()?.locals ?? {}), ...model });
}
