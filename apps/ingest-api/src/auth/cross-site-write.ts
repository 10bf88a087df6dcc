import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write sent from another site: its Origin names another host, or is "null" (a sandboxed frame
 * or a privacy redirect, which could be anyone). Used on writes riding on the session cookie and on
 * the sign-in form (defence beside SameSite=Lax). Our pages send Referrer-Policy: same-origin, so
 * their own forms carry their Origin; a request without one (a script, an old browser) passes.
 */
export function crossSiteWrite(req: Pick<Request, 'method' | 'headers' | 'host'>): boolean {
  const origin = req.headers.origin;
  if (SAFE_METHODS.has(req.method) || typeof origin !== 'string') return false;
  try {
    return new URL(origin).host !== req.host;
  } catch {
    return true;
  }
}
