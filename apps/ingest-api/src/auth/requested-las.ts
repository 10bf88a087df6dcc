import { LA_CODE } from '@app/access';

interface RequestLike {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  return [];
}

/** `la` (and `las`) of one body object, or of each record of a batch. */
function bodyLas(body: unknown): string[] {
  if (Array.isArray(body)) return body.flatMap((r) => (r && typeof r === 'object' && !Array.isArray(r) ? bodyLas(r) : []));
  if (!body || typeof body !== 'object') return [];
  const b = body as Record<string, unknown>;
  return [...strings(b.la), ...strings(b.las)];
}

/**
 * Every LA a request names: path `:la`, query `la`/`las` (repeated or comma-separated), body `la`/`las` (and each record of a
 * batch). Only well-formed codes: a malformed one is the validator's to refuse (400/422).
 */
export function requestedLas(req: RequestLike): string[] {
  const found = [
    ...strings(req.params?.la),
    ...strings(req.query?.la).flatMap((s) => s.split(',')),
    ...strings(req.query?.las).flatMap((s) => s.split(',')),
    ...bodyLas(req.body),
  ];
  return [...new Set(found.filter((la) => LA_CODE.test(la)))];
}
