import type { NextFunction, Request, Response } from 'express';
import { isStreamedJson } from './streamed-json';

/**
 * Bodies a route reads as a stream itself, by path: the CSV, extract and school-return imports,
 * the SEN2 import and its check, the Import data page's upload (and a batch of events: isStreamedJson).
 */
const STREAMED_TYPES: Record<string, string[]> = {
  '/v1/imports': ['text/csv', 'application/csv'],
  '/v1/imports/extract': ['text/csv', 'application/csv'],
  '/v1/imports/school-return': ['text/csv', 'application/csv'],
  '/v1/imports/sen2': ['application/xml', 'text/xml'],
  '/v1/checks/sen2': ['application/xml', 'text/xml'],
  '/dashboard/imports': ['multipart/form-data'],
};

/** Whether the request carries a body at all (chunked, or a length above zero). */
function hasBody(req: Request): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return req.headers['transfer-encoding'] !== undefined || length > 0;
}

function isStreamed(req: Request): boolean {
  if (isStreamedJson(req)) return true;
  const types = STREAMED_TYPES[req.path.replace(/\/+$/, '')];
  return types !== undefined && req.is(types) !== false && req.is(types) !== null;
}

/**
 * After the body parsers: a body none of them read (text/plain, XML, a multipart form) is 415.
 * Without this the route saw no body at all and answered as if an empty one had been sent (POST
 * /v1/events: "each record must be a JSON object").
 */
export function refuseUnreadBody(req: Request, res: Response, next: NextFunction): void {
  if (req.body !== undefined || !hasBody(req) || isStreamed(req)) return next();
  const type = JSON.stringify(req.headers['content-type'] ?? 'none');
  res.status(415).json({
    statusCode: 415,
    error: 'Unsupported Media Type',
    message: `a body of type ${type} is not read here: send JSON (Content-Type: application/json)`,
  });
}
