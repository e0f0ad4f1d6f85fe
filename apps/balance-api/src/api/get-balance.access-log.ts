import type { FastifyReply, FastifyRequest } from 'fastify';
import { notesOf } from './get-balance.request-notes';
import { TRANSACTION_ID_HEADER } from './transaction-id.header';

/**
 * The fields of GetBalance's access log line: enough to trace a call with Microsoft (their X-MS-DM-TransactionId,
 * as echoed) and to see who called and how it went, and nothing personal or secret: the SIM only by its last four
 * characters, no URL (it names the SIM), no header but the echoed transaction id (never Authorization).
 */
export function getBalanceAccessFields(
  request: FastifyRequest,
  reply: FastifyReply,
): Record<string, unknown> {
  const notes = notesOf(request);
  const echoed = reply.getHeader(TRANSACTION_ID_HEADER);
  return {
    msTransactionId: typeof echoed === 'string' ? echoed : null,
    sim: maskSim((request.params as { simId?: unknown } | undefined)?.simId),
    status: reply.statusCode,
    code: notes.code ?? null,
    latencyMs: Math.round(reply.elapsedTime * 100) / 100,
    client: notes.client ?? null,
    route: request.routeOptions.url ?? null,
  };
}

/** `****0019`: the last four characters of the path's SIM id, whatever its length (null when there is none). */
export function maskSim(simId: unknown): string | null {
  if (typeof simId !== 'string' || simId.length === 0) return null;
  return `****${simId.slice(-4)}`;
}
