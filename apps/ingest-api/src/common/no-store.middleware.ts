import type { NextFunction, Request, Response } from 'express';

/**
 * Every answer is Cache-Control: no-store unless it says otherwise. Cases, alerts, the audit trail,
 * reports and the dashboards carry children's data: no browser or proxy may keep a copy. Set
 * first, for every request, so no route (or error) can forget it; the dashboards' static files
 * set their own caching over it (page-assets.ts).
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('cache-control', 'no-store');
  next();
}
