import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { IngestRejectedError } from '../events/ingest-error';

/**
 * Every bad record by index, field and reason; nothing was written. 422, or 409 when the only
 * problems are replays of stored eventIds with other content (see IngestRejectedError.status).
 */
@Catch(IngestRejectedError)
export class IngestRejectedFilter implements ExceptionFilter {
  catch(error: IngestRejectedError, host: ArgumentsHost): void {
    const status = error.status;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({
        statusCode: status,
        error: status === HttpStatus.CONFLICT ? 'Conflict' : 'Unprocessable Entity',
        message: error.message,
        records: error.records,
        errorCount: error.errorCount,
        errors: error.errors,
      });
  }
}
