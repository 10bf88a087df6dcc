// The dashboards' static files, served by the API itself (no CDN: the service may run offline):
// the stylesheet and scripts beside this file, and Chart.js's UMD build from node_modules.
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ASSETS } from './layout';

export function servePageAssets(app: NestExpressApplication): void {
  const options = { index: false, maxAge: '1h', fallthrough: true } as const;
  app.useStaticAssets(join(__dirname, 'assets'), { ...options, prefix: `${ASSETS}/` });
  // chart.js exports only its entry points; its dist folder holds chart.umd.js.
  app.useStaticAssets(dirname(require.resolve('chart.js')), { ...options, prefix: `${ASSETS}/vendor/` });
}
