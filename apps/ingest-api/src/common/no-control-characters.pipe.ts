import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { IngestRejectedError } from '../events/ingest-error';
import { controlCharacterReason, fieldName, findControlCharacters, isPlainJsonBody, recordControlErrors } from './control-characters';

/**
 * The global first pipe: refuses a control character in any path parameter, query value or body
 * string, naming the field, before validation or a query can see it. Path and query: 400, as
 * the ValidationPipe answers. A body: 422 listing each bad record by index and field, as
 * POST /v1/events and the targets answer. A refused request is audited like any other
 * (AuditInterceptor), with the offending text left out of the trail.
 */
@Injectable()
export class NoControlCharactersPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type === 'custom' || (meta.type === 'body' && isPlainJsonBody(value))) return value;
    if (meta.type === 'body') {
      const records = Array.isArray(value) ? value : [value];
      const errors = recordControlErrors(records, 0);
      if (errors.length) throw new IngestRejectedError(errors, records.length);
      return value;
    }
    const found = findControlCharacters(value);
    if (!found.length) return value;
    throw new BadRequestException(
      found.map((f) => controlCharacterReason(fieldName(meta.data ? [meta.data, ...f.path] : f.path) || meta.type, f)),
    );
  }
}
