import type { CookieOptions, Response } from 'express';
import { SESSION_COOKIE } from './credentials';

/** The browser's session: HttpOnly (no script reads it), SameSite=Lax (no cross-site posts), Secure over HTTPS. */
export function setSessionCookie(res: Response, token: string, expiresAt: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(secure, expiresAt));
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}

function cookieOptions(secure: boolean, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(expires ? { expires } : {}) };
}
