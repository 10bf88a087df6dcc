import type { Request } from 'express';
import { API_KEY_PREFIX, SESSION_PREFIX } from './tokens';

export const SESSION_COOKIE = 'send_session';

export type Presented = { kind: 'key' | 'session'; secret: string; from: 'header' | 'cookie' } | { kind: 'malformed' } | undefined;

/**
 * The credential a request carries: a Bearer token or X-API-Key header, else the session cookie.
 * The cookie holds sessions only: a browser sends it with any form another site posts, so an API
 * key found there would let that form write (ingest) as the key. Such a cookie is malformed.
 */
export function presentedCredential(req: Pick<Request, 'headers'> & { cookies?: Record<string, string> }): Presented {
  const auth = req.headers.authorization;
  const header = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  const apiKey = req.headers['x-api-key'];
  const fromHeader = header ?? (typeof apiKey === 'string' ? apiKey.trim() : undefined);
  if (auth !== undefined && header === undefined) return { kind: 'malformed' };
  if (fromHeader !== undefined) return classify(fromHeader, 'header');
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (typeof cookie !== 'string' || !cookie) return undefined;
  const fromCookie = classify(cookie, 'cookie');
  return fromCookie?.kind === 'key' ? { kind: 'malformed' } : fromCookie;
}

function classify(secret: string, from: 'header' | 'cookie'): Presented {
  if (secret.length > 200) return { kind: 'malformed' };
  if (secret.startsWith(API_KEY_PREFIX)) return { kind: 'key', secret, from };
  if (secret.startsWith(SESSION_PREFIX)) return { kind: 'session', secret, from };
  return { kind: 'malformed' };
}
