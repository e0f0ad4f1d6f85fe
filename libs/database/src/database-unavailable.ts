/**
 * Whether an error means PostgreSQL cannot be reached right now (it restarts, a connection dropped, the pool timed
 * out waiting for one), as opposed to a query or data it refuses. The first is the world's fault and passes:
 * an HTTP edge answers 503 with a retry hint (docs/adr/0025); the second is not retried blindly.
 *
 * TypeORM wraps the driver's error (`driverError`, `cause`); a transaction whose connection died fails with
 * `QueryRunnerAlreadyReleasedError` on its rollback. The chain is followed a few steps, never in a loop.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (unavailableHere(current)) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}

// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too
// many connections); Node's socket errors; what pg and TypeORM say when a connection is gone.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /connection is closed/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /client has encountered a connection error/i,
];

function unavailableHere(error: object): boolean {
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code))
      return true;
  }
  if (name === 'QueryRunnerAlreadyReleasedError' || name === 'ConnectionIsNotSetError') return true;
  return typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message));
}
