import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { IngestRejectedError } from '../events/ingest-error';

/** 422 with every bad record by index, field and reason; nothing was written. */
@Catch(IngestRejectedError)
export class IngestRejectedFilter implements ExceptionFilter {
  catch(error: IngestRejectedError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(HttpStatus.UNPROCESSABLE_ENTITY).json({
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      error: 'Unprocessable Entity',
      message: error.message,
      records: error.records,
      errorCount: error.errorCount,
      errors: error.errors,
    });
  }
}
