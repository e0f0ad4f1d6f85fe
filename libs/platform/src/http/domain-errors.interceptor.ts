import {
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { apiErrorOf, type ErrorStatuses } from './error-statuses';

/** Turns a handler's domain errors into ApiErrors by the controller's table; the exception filter answers them. */
class DomainErrorsInterceptor implements NestInterceptor {
  constructor(private readonly statuses: ErrorStatuses<string>) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) => throwError(() => apiErrorOf(error, this.statuses) ?? error)),
      );
  }
}

/**
 * On a controller (or one route): the HTTP status of each code its services may report. The table is typed by
 * the services' code union, so a new code does not compile without its status.
 */
export function AnswersDomainErrors<C extends string>(
  statuses: ErrorStatuses<C>,
): ClassDecorator & MethodDecorator {
  return UseInterceptors(new DomainErrorsInterceptor(statuses));
}
