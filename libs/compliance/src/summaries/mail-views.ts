// The summary mail's template engine: Nunjucks with autoescape on over views/ beside this file, so
// every figure, name and reference the mail shows is escaped unless the template marks it safe.
import { join } from 'node:path';
import nunjucks from 'nunjucks';

export const MAIL_VIEWS_DIR = join(__dirname, 'views');

export const mailViews = new nunjucks.Environment(new nunjucks.FileSystemLoader(MAIL_VIEWS_DIR), {
  autoescape: true,
  throwOnUndefined: false,
});
