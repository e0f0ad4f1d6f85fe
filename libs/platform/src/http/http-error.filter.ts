import {
  Catch,
  HttpException,
  HttpStatus,
  Inject,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '@mp/database';
import type { AppLogger } from '../logging/app-logger';
import { APP_LOGGER } from '../platform.tokens';
import {
  ApiError,
  apiErrorBody,
  DATABASE_UNAVAILABLE_BODY,
  INTERNAL_ERROR_BODY,
  RETRY_AFTER_SECONDS,
  type ErrorBody,
} from './api-error';

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The one place where errors become HTTP answers. Every answer is JSON; unexpected errors are logged with their
 * stack and answered without it. PostgreSQL out of reach is not unexpected: 503 `DATABASE_UNAVAILABLE` with
 * `Retry-After`, never 500 (docs/adr/0020).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.toAnswer(exception);
    // Every 503 is a passing outage (Kafka, PostgreSQL): the caller is told when to try again.
    if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toAnswer(exception: unknown): [number, ErrorBody] {
    if (exception instanceof ApiError) return [exception.status, apiErrorBody(exception)];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return [
        status,
        {
          error: { code: STATUS_CODES[status] ?? `HTTP_${status}`, message: messageOf(exception) },
        },
      ];
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'PostgreSQL unavailable; answered 503');
      return [HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_BODY];
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return [HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_BODY];
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = response.message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.map(String).join('; ');
  }
  return exception.message;
}
