import { HttpException, HttpStatus } from '@nestjs/common';
import { isDatabaseUnavailable } from '@mp/database';
import {
  ApiError,
  apiErrorBody,
  DATABASE_UNAVAILABLE_BODY,
  errorBody,
  INTERNAL_ERROR_BODY,
  type ErrorBody,
} from './api-error';
import { apiErrorOf, DEPENDENCY_ERROR_STATUSES, type ErrorStatuses } from './error-statuses';

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
 * The status and body of any error, for every listener (the Nest exception filter and the GetBalance listener): an
 * ApiError as it says, a domain error by the edge's table (then the codes every app shares), Nest's own HTTP
 * exceptions by their status, PostgreSQL out of reach as a 503 (ADR 0025), and anything else as a 500 whose internals go to `unexpected` (the log) only.
 */
export function errorAnswer(
  error: unknown,
  unexpected: (error: unknown) => void,
  statuses: ErrorStatuses<string> = {},
): [number, ErrorBody] {
  const mapped =
    error instanceof ApiError
      ? error
      : (apiErrorOf(error, statuses) ?? apiErrorOf(error, DEPENDENCY_ERROR_STATUSES));
  if (mapped !== undefined) return [mapped.status, apiErrorBody(mapped)];
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return [status, errorBody(STATUS_CODES[status] ?? `HTTP_${status}`, messageOf(error))];
  }
  if (isDatabaseUnavailable(error))
    return [HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_BODY];
  unexpected(error);
  return [HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_BODY];
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
