import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { IngestRejectedError } from '../events/ingest-error';
import { type ControlCharacterFound, fieldName, findControlCharacters, isPlainJsonBody } from './control-characters';

const reason = (field: string, f: ControlCharacterFound) => `${field} must not contain control characters (${f.char})`;

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
    const found = findControlCharacters(value);
    if (!found.length) return value;
    if (meta.type === 'body') {
      const batch = Array.isArray(value);
      const errors = found.map((f) => {
        const [index, ...rest] = batch ? f.path : [0, ...f.path];
        const field = fieldName(rest) || '(record)';
        return { index: Number(index), field, reason: reason(field, f) };
      });
      throw new IngestRejectedError(errors, batch ? value.length : 1);
    }
    throw new BadRequestException(found.map((f) => reason(fieldName(meta.data ? [meta.data, ...f.path] : f.path) || meta.type, f)));
  }
}
