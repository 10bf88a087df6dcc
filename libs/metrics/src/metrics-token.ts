import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header carries the metrics token (Bearer), compared in constant time. */
export function carriesMetricsToken(authorization: string | undefined, token: string): boolean {
  if (!token || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  // Hashes first, so lengths never leak through the comparison.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
