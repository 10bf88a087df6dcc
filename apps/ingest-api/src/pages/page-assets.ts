// The pages' static files, served by the API itself (no CDN: the service may run offline), public
// and cacheable, never behind sign-in:
// - GOV.UK Frontend from node_modules: its compiled CSS and JS, and its fonts and images at
//   /assets/..., where the precompiled CSS looks for them (url(/assets/fonts/...));
// - the files beside this file (app.css, govuk-init.mjs, the scripts and stylesheet of the pages
//   not yet converted) and Chart.js's UMD build, under /dashboard/assets.
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { GOVUK_FRONTEND_DIST } from './views';

export const ASSETS = '/dashboard/assets';
const GOVUK_FILES = ['govuk-frontend.min.css', 'govuk-frontend.min.css.map', 'govuk-frontend.min.js', 'govuk-frontend.min.js.map'];

export function servePageAssets(app: NestExpressApplication): void {
  // Cached: set over the default no-store every answer starts with (no-store.middleware.ts).
  const cached = (seconds: number) => ({
    index: false,
    fallthrough: true,
    setHeaders: (res: Response) => res.setHeader('cache-control', `public, max-age=${seconds}`),
  });
  const options = cached(3600);
  const govuk = join(GOVUK_FRONTEND_DIST, 'govuk');
  // Fonts and images carry their version in the file name or change only with the package.
  app.useStaticAssets(join(govuk, 'assets'), { ...cached(7 * 24 * 3600), prefix: '/assets/' });
  // Only the compiled files of the dist folder, not its Sass and templates.
  for (const file of GOVUK_FILES) {
    app.use(`/assets/${file}`, (_req: Request, res: Response) => {
      res.setHeader('cache-control', 'public, max-age=3600');
      res.sendFile(join(govuk, file));
    });
  }
  app.useStaticAssets(join(__dirname, 'assets'), { ...options, prefix: `${ASSETS}/` });
  // chart.js exports only its entry points; its dist folder holds chart.umd.js.
  app.useStaticAssets(dirname(require.resolve('chart.js')), { ...options, prefix: `${ASSETS}/vendor/` });
  // Browsers ask every origin for /favicon.ico (the sign-in page too): the service's icon, not a 404.
  const icon = join(__dirname, 'assets', 'favicon.svg');
  app.use('/favicon.ico', (_req: Request, res: Response) => {
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type('image/svg+xml').sendFile(icon);
  });
}
