/**
 * A failure a service reports with a stable code (one of the unions in api-error-codes.ts). Services never pick an
 * HTTP status: the controller or listener at the edge maps the code to one (ADR 0023).
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    /** The request field the failure is about, when there is one (it becomes the body's `parameter`). */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
