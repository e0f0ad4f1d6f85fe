/** An error answer of our HTTP APIs: a status and the `{error: {code, message, parameter}}` body (D12). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly parameter?: string };
}

/** The one builder of error bodies: every listener's error answers are made here. */
export function errorBody(code: string, message: string, parameter?: string): ErrorBody {
  return { error: parameter ? { code, message, parameter } : { code, message } };
}

/** The body of an ApiError's answer. */
export function apiErrorBody(error: ApiError): ErrorBody {
  return errorBody(error.code, error.message, error.parameter);
}

/** The answer to an error nobody expected: its internals stay in the log. */
export const INTERNAL_ERROR_BODY: ErrorBody = errorBody(
  'INTERNAL',
  'The service failed to handle the request.',
);

/** What a 503 tells the caller to wait before trying again (whole seconds, RFC 9110 `Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

/** The answer while PostgreSQL cannot be reached (it restarts, a connection dropped): try again shortly. */
export const DATABASE_UNAVAILABLE_BODY: ErrorBody = errorBody(
  'DATABASE_UNAVAILABLE',
  'The database is unavailable for a moment; try again after Retry-After seconds.',
);
