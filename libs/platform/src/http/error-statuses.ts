import { DomainError, type DependencyErrorCode } from '@mp/contracts';
import { ApiError } from './api-error';

/**
 * The HTTP status of each code a service may report: the edge's half of the error model (ADR 0023). A table per
 * controller or listener, typed by the service's code union, so a new code cannot go without its status.
 */
export type ErrorStatuses<C extends string> = { readonly [K in C]: number };

/** Codes every app answers the same way, wherever they come from (the Nest exception filter applies them). */
export const DEPENDENCY_ERROR_STATUSES: ErrorStatuses<DependencyErrorCode> = {
  EVENT_LOG_UNAVAILABLE: 503,
  // PostgreSQL out of reach (a restart, a dropped connection) is a passing outage, never a 500 (ADR 0025).
  DATABASE_UNAVAILABLE: 503,
};

/** The ApiError a domain error becomes at this edge, or undefined when the table does not know its code. */
export function apiErrorOf<C extends string>(
  error: unknown,
  statuses: ErrorStatuses<C>,
): ApiError | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const { code, message, parameter } = error as DomainError;
  const status = (statuses as Readonly<Record<string, number | undefined>>)[code];
  if (status === undefined || !Object.hasOwn(statuses, code)) return undefined;
  return new ApiError(status, code, message, parameter);
}
