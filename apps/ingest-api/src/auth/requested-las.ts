import { LA_CODE_MESSAGE, LA_LIST_MESSAGE, isLaCode, parseLaList } from '@app/access';

interface RequestLike {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export interface RequestedLas {
  /** Every well-formed code the request names, once each: the guard checks them against the principal. */
  codes: string[];
  /** Path and query fields holding anything else, each with its refusal (400). */
  malformed: { field: string; reason: string }[];
}

/**
 * Adds `la` (and `las`) of one body object, or of each record of a batch, to `codes`. A loop over
 * the records, each code tested once: a batch of 10,000 names few LAs. A batch read as it arrives
 * adds each slice's records.
 */
export function addBodyLas(body: unknown, codes: Set<string>): void {
  const add = (v: unknown) => {
    if (typeof v === 'string' && !codes.has(v) && isLaCode(v)) codes.add(v);
  };
  const addRecord = (r: unknown) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) return;
    const b = r as Record<string, unknown>;
    add(b.la);
    if (Array.isArray(b.las)) b.las.forEach(add);
    else add(b.las);
  };
  if (Array.isArray(body)) for (const r of body) addRecord(r);
  else addRecord(body);
}

/**
 * Every LA a request names: path `:la` (one code), query `la`/`las` (lists, read by parseLaList as
 * the validators read them), body `la`/`las` (and each record of a batch). A malformed body code
 * is left to the body's validator, which answers 422 naming the record and field.
 */
export function requestedLas(req: RequestLike): RequestedLas {
  const codes = new Set<string>();
  const malformed: RequestedLas['malformed'] = [];
  const pathLa = req.params?.la;
  if (isLaCode(pathLa)) codes.add(pathLa);
  else if (pathLa !== undefined) malformed.push({ field: 'la', reason: LA_CODE_MESSAGE.replace('$property', 'la') });
  for (const field of ['la', 'las']) {
    const list = parseLaList(req.query?.[field]);
    list.codes.forEach((la) => codes.add(la));
    if (list.malformed.length) malformed.push({ field, reason: LA_LIST_MESSAGE.replaceAll('$property', field) });
  }
  addBodyLas(req.body, codes);
  return { codes: [...codes], malformed };
}
