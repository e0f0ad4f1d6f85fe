/**
 * The stable error codes of our APIs, one union per service (the `error.code` of contracts.md's error body). A
 * code is added here and given its HTTP status in the edge's table, which the compiler then asks for.
 */

/** A dependency is down: every app answers these the same way. */
export const DEPENDENCY_ERROR_CODES = ['EVENT_LOG_UNAVAILABLE', 'DATABASE_UNAVAILABLE'] as const;
export type DependencyErrorCode = (typeof DEPENDENCY_ERROR_CODES)[number];

/** The portal gateway's intake (POST /v1/portal-events, /v1/usage-events). */
export const INTAKE_ERROR_CODES = ['EVENT_ID_CONFLICT', ...DEPENDENCY_ERROR_CODES] as const;
export type IntakeErrorCode = (typeof INTAKE_ERROR_CODES)[number];

/** GetBalance after the caller is authenticated (D1/D2 are the edge's). */
export const GET_BALANCE_ERROR_CODES = [
  'TOO_MANY_REQUESTS',
  'INVALID_HEADER',
  'INVALID_PARAMETER',
  'TRANSACTION_ID_REPEATED',
  'SIM_NOT_FOUND',
  'BALANCE_STORE_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
] as const;
export type GetBalanceErrorCode = (typeof GET_BALANCE_ERROR_CODES)[number];

/** Support's redrive of a parked purchase. */
export const REDRIVE_ERROR_CODES = ['UNKNOWN_TRANSACTION', 'NOT_PARKED'] as const;
export type RedriveErrorCode = (typeof REDRIVE_ERROR_CODES)[number];
