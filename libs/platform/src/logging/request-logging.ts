import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppLogger } from './app-logger';

const QUIET_ROUTES = /^\/(health|metrics)(\/|\?|$)/;
const transactionIds = new WeakMap<FastifyRequest['raw'], string>();

/** Lets a handler name the purchase a request is about, for the request's completion line. */
export function tagRequestTransaction(raw: FastifyRequest['raw'], transactionId: string): void {
  transactionIds.set(raw, transactionId);
}

/** One line per answered request (health probes and scrapes excepted), with its transactionId when known. */
export function installRequestLogging(fastify: FastifyInstance, logger: AppLogger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_ROUTES.test(request.url)) {
      logger.info(
        {
          reqId: request.id,
          method: request.method,
          url: request.url,
          statusCode: reply.statusCode,
          responseTimeMs: Math.round(reply.elapsedTime),
          transactionId: transactionIds.get(request.raw),
        },
        'request completed',
      );
    }
    done();
  });
}
