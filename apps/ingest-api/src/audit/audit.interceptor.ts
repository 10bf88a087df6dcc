import { type CallHandler, type ExecutionContext, HttpException, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { type Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { type Principal, isLaCode } from '@app/access';
import { IngestRejectedError } from '../events/ingest-error';
import { type AuditSubject, auditDetailOf, auditSubjectOf, parsedBodySubject } from './audit-detail';
import { wasAudited } from './audited-refusal';
import type { AuditEntry } from './audit-entry';
import { AUDITED, type AuditedOptions } from './audited.decorator';
import { AuditService } from './audit.service';

type Req = Request & { principal?: Principal };

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Counts and flags of an answer, for the trail: never strings (they may hold references). */
/** An answer's counts and flags, and a file's hash (a digest: never a child's data), for the audit. */
function countsOf(result: unknown): Record<string, number | boolean | string> {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return Array.isArray(result) ? { items: result.length } : {};
  const out: Record<string, number | boolean | string> = {};
  for (const [k, v] of Object.entries(result)) {
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (k.endsWith('Sha256') && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) out[k] = v;
  }
  return out;
}

function single(v: unknown): string | null {
  return isLaCode(v) ? v : null;
}

/** The LA a request is about: its path, query or body, else the principal's only LA. */
function laOf(req: Req, body: AuditSubject): string | null {
  const p = req.principal;
  const own = p && p.las !== '*' && p.las.length === 1 ? p.las[0] : null;
  return single(req.params?.la) ?? single(req.query?.la) ?? single(body.la) ?? own;
}

/** The case a request is about: its path, else the one case every record of the body names. */
function caseOf(req: Req, body: AuditSubject): string | null {
  return typeof req.params?.caseRef === 'string' ? req.params.caseRef : body.caseRef;
}

/**
 * Records every write (any non-GET route) and every read marked @Audited, after the handler:
 * who (the principal), which LA and case, what (action, route, status, counts). The answer waits
 * for the record, so nothing is served or written unrecorded. A refusal (the handler, a pipe or
 * validation threw) is recorded too, and answered as itself even if that record cannot be written.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Req>();
    const meta = this.reflector.getAllAndOverride<AuditedOptions | undefined>(AUDITED, [ctx.getHandler(), ctx.getClass()]);
    if (!meta && READS.has(req.method)) return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    const entry = (status: number, detail: AuditEntry['detail']): AuditEntry => {
      // A body its handler read itself (a batch of events as it arrived) left its subject on the response.
      const body = auditSubjectOf(res) ?? parsedBodySubject(req.body);
      return {
        principal: req.principal,
        action: meta?.action ?? `${req.method} ${req.route?.path ?? req.path}`,
        la: laOf(req, body),
        caseRef: caseOf(req, body),
        method: req.method,
        path: req.route?.path ?? null,
        status,
        detail,
      };
    };
    return next.handle().pipe(
      mergeMap((result) =>
        from(this.audit.record(entry(res.statusCode, { ...countsOf(result), ...auditDetailOf(res) })).then(() => result)),
      ),
      catchError((err: unknown) => {
        if (wasAudited(err)) return throwError(() => err);
        const status = err instanceof HttpException ? err.getStatus() : err instanceof IngestRejectedError ? err.status : 500;
        return from(this.audit.recordRefusal(entry(status, { refused: true })).then(() => Promise.reject(err)));
      }),
    );
  }
}
