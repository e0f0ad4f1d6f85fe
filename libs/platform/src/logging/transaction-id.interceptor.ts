import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { tagActiveSpanTransaction } from '../tracing/span-attributes';
import { LogContext } from './log-context';
import { tagRequestTransaction } from './request-logging';

/**
 * Puts the request's transactionId (route parameter or body field) into the log context, so that every line
 * written while handling it, and the request's own completion line, carry it.
 */
@Injectable()
export class TransactionIdInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const transactionId = transactionIdOf(request);
    if (transactionId === undefined) return next.handle();
    tagRequestTransaction(request.raw, transactionId);
    tagActiveSpanTransaction(transactionId);
    return new Observable((subscriber) =>
      LogContext.run({ transactionId }, () => next.handle().subscribe(subscriber)),
    );
  }
}

function transactionIdOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const fromParams = params?.transactionId;
  if (typeof fromParams === 'string' && fromParams.length > 0) return fromParams;
  const body = request.body;
  if (typeof body === 'object' && body !== null && 'transactionId' in body) {
    const fromBody = body.transactionId;
    // Only as a log field; validation of the body happens in the handler.
    if (typeof fromBody === 'string' && fromBody.length > 0) return fromBody.slice(0, 64);
  }
  return undefined;
}
