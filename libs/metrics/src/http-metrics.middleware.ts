import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/**
 * Counts and times every answer by its route pattern ('/v1/cases/:la/:caseRef'), never the path
 * itself: paths carry case references, and one series per case would swamp Prometheus.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const pattern = req.route?.path as string | undefined;
      const route = pattern ? `${req.baseUrl}${pattern}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
