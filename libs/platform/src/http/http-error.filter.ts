import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppLogger } from '../logging/app-logger';
import { APP_LOGGER } from '../platform.tokens';
import { errorAnswer } from './error-answer';

/**
 * The one place where errors of Nest routes become HTTP answers. Every answer is JSON; unexpected errors are logged
 * with their stack and answered without it.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = errorAnswer(exception, (error) =>
      this.logger.error({ err: error }, 'unhandled error'),
    );
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
