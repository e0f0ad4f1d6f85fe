import type { FastifyRequest } from 'fastify';

/** What the GetBalance handler learnt about a request, for its access log line and metrics. */
export interface GetBalanceNotes {
  /** The certificate subject (or, in the benchmark's plain-HTTP mode, the remote address). */
  client?: string | null;
  /** The error code of the answer; absent for a 200. */
  code?: string;
}

const notes = new WeakMap<FastifyRequest['raw'], GetBalanceNotes>();

export function noteRequest(request: FastifyRequest, note: GetBalanceNotes): void {
  notes.set(request.raw, { ...notes.get(request.raw), ...note });
}

export function notesOf(request: FastifyRequest): GetBalanceNotes {
  return notes.get(request.raw) ?? {};
}
