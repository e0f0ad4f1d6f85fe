import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppLogger } from '../logging/app-logger';
import { APP_LOGGER } from '../platform.tokens';
import { RETRY_AFTER_SECONDS } from './api-error';
import { errorAnswer } from './error-answer';

/**
 * The one place where errors of Nest routes become HTTP answers. Every answer is JSON; unexpected errors are logged
 * with their stack and answered without it. Every 503 is a passing outage (Kafka, PostgreSQL: ADR 0025) and tells
 * the caller when to try again.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = errorAnswer(exception, (error) =>
      this.logger.error({ err: error }, 'unhandled error'),
    );
    if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
