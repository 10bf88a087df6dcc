/**
 * What a request log line may say about the URL above debug level: the path with every segment
 * that could be a reference (anything with a digit, except a three-digit LA code or v1) masked, and no
 * query string (queries carry assignees, case references, emails).
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const path = url.split('?')[0];
  const masked = path
    .split('/')
    .map((seg) => (/\d/.test(seg) && !/^(\d{3}|v\d)$/.test(seg) ? ':ref' : seg.length > 40 ? ':long' : seg))
    .join('/');
  return url.includes('?') ? `${masked}?…` : masked;
}

const VERBOSE = new Set(['debug', 'trace']);

/** pino-http serializers: the request's method, id and (masked unless debug) URL; never headers or bodies. */
export function requestSerializers(level: string) {
  const full = VERBOSE.has(level);
  return {
    req: (req: { id?: unknown; method?: string; url?: string }) => ({
      id: req.id,
      method: req.method,
      url: full ? req.url : redactUrl(req.url),
    }),
    res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  };
}
