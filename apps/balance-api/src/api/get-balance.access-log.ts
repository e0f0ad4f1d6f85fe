import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import type { BalanceApiConfig } from '@mp/config';
import { APP_CONFIG, createAppLogger, type AppLogger } from '@mp/platform';
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

/**
 * GetBalance's access lines: a logger of their own, with the app's level, fields and context, writing to standard
 * output through a buffer. GetBalance is the busiest listener, and one write per line cost about a sixth of its
 * CPU (bench/README.md); buffered, many lines go out in one write. Each write stays under PIPE_BUF, so it is never
 * torn apart by the app logger's own lines on the same pipe, and the buffer is flushed every second and at
 * shutdown. It redacts only the path a stray header could take: its fields are the access log's own.
 */
@Injectable()
export class GetBalanceAccessLog implements OnApplicationShutdown {
  readonly logger: AppLogger;
  private readonly destination = pino.destination({ dest: 1, sync: false, minLength: 3072 });
  private readonly flusher: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) config: BalanceApiConfig) {
    this.logger = createAppLogger(config, this.destination).child(
      {},
      { redact: { paths: ['headers.authorization'], censor: '[redacted]' } },
    );
    this.flusher = setInterval(() => this.flush(), 1000).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.flusher);
    this.destination.flushSync();
  }

  /** A flush while a write is under way waits for that write; only a destroyed stream throws. */
  private flush(): void {
    try {
      this.destination.flush();
    } catch {
      clearInterval(this.flusher);
    }
  }
}
