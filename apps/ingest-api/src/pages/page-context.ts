// Each request gets a fresh Content-Security-Policy nonce (res.locals.cspNonce, which helmet puts in
// script-src and GOV.UK's template puts on its one inline script), and runs with its response in
// an AsyncLocalStorage, so code that renders a page to a string (the sign-in form after a wrong
// password, the error pages, the dashboards answered through table-response) sees the same res.locals as res.render.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const storage = new AsyncLocalStorage<Response>();

/** Express middleware: before helmet (which reads the nonce) and after the body parsers (whose callbacks lose the storage). */
export function pageContext(_req: Request, res: Response, next: NextFunction): void {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  storage.run(res, next);
}

/** The response of the request being handled, if any. */
export function currentResponse(): Response | undefined {
  return storage.getStore();
}

/** The nonce helmet puts in the Content-Security-Policy of this response. */
export function cspNonceOf(res: { locals?: Record<string, unknown> }): string {
  const nonce = res.locals?.cspNonce;
  if (typeof nonce !== 'string') throw new Error('no CSP nonce: pageContext must run before helmet');
  return nonce;
}
