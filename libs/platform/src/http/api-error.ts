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
