import type { Request } from 'express';

/** Routes whose JSON body their handler reads as it arrives, not the body parser: a batch of events. */
const STREAMED_JSON_ROUTES = new Set(['/v1/events']);

/**
 * Whether the handler reads this request's JSON body itself, as it arrives (POST /v1/events; see
 * jsonRecordSlices): plain UTF-8 JSON only. A compressed body or another charset is still
 * read whole by the body parser, which decodes it, and the route takes it parsed.
 */
export function isStreamedJson(req: Request): boolean {
  if (req.method !== 'POST' || !STREAMED_JSON_ROUTES.has(req.path.replace(/\/+$/, ''))) return false;
  if (!req.is('application/json')) return false;
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  return encoding === 'identity' && (charset === undefined || charset === 'utf-8' || charset === 'utf8');
}

/** A body limit as the configuration writes it ('20mb', '500kb'; as body-parser reads it: 1 kb = 1,024 bytes), in bytes. */
export function bodyLimitBytes(limit: string): number {
  const [, n, unit] = /^(\d+)(kb|mb)$/.exec(limit) ?? [];
  if (!n) throw new Error(`a body limit must look like '20mb' or '500kb', not ${JSON.stringify(limit)}`);
  return Number(n) * (unit === 'kb' ? 1024 : 1024 * 1024);
}

/**
 * Reads the rest of a request body and drops it, before a refusal is answered: a client still
 * sending would otherwise see its connection reset instead of the answer (body-parser does the
 * same). Resolves when the body has ended or the connection closed.
 */
export function drained(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', () => resolve());
    req.resume();
  });
}
