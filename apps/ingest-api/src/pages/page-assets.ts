// The dashboards' static files, served by the API itself (no CDN: the service may run offline):
// the stylesheet and scripts beside this file, and Chart.js's UMD build from node_modules.
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { ASSETS } from './layout';

export function servePageAssets(app: NestExpressApplication): void {
  // Cached for an hour: set over the default no-store every answer starts with (no-store.middleware.ts).
  const options = {
    index: false,
    fallthrough: true,
    setHeaders: (res: Response) => res.setHeader('cache-control', 'public, max-age=3600'),
  } as const;
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
