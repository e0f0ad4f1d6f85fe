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

/** The body of an ApiError's answer: every listener builds its error bodies here. */
export function apiErrorBody(error: ApiError): ErrorBody {
  const { code, message, parameter } = error;
  return { error: parameter ? { code, message, parameter } : { code, message } };
}

/** The answer to an error nobody expected: its internals stay in the log. */
export const INTERNAL_ERROR_BODY: ErrorBody = {
  error: { code: 'INTERNAL', message: 'The service failed to handle the request.' },
};

/** What a 503 tells the caller to wait before trying again (whole seconds, RFC 9110 `Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

/** The answer while PostgreSQL cannot be reached (it restarts, a connection dropped): try again shortly. */
export const DATABASE_UNAVAILABLE_BODY: ErrorBody = {
  error: {
    code: 'DATABASE_UNAVAILABLE',
    message: 'The database is unavailable for a moment; try again after Retry-After seconds.',
  },
};
