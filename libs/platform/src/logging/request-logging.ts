import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppLogger } from './app-logger';

const QUIET_ROUTES = /^\/(health|metrics)(\/|\?|$)/;
const transactionIds = new WeakMap<FastifyRequest['raw'], string>();

/** The fields of a request's completion line (besides reqId). */
export type RequestLogFields = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Record<string, unknown>;

export interface RequestLogOptions {
  /** Instead of method and URL: for a listener whose URLs carry what must not be logged. */
  readonly fields?: RequestLogFields;
  readonly message?: string;
}

/** A route's own fields (route option `config: { requestLogFields }`), for a route whose URL must not be logged. */
export interface RequestLogRouteConfig {
  readonly requestLogFields?: RequestLogFields;
}

/** Lets a handler name the purchase a request is about, for the request's completion line. */
export function tagRequestTransaction(raw: FastifyRequest['raw'], transactionId: string): void {
  transactionIds.set(raw, transactionId);
}

const urlFields: RequestLogFields = (request, reply) => ({
  method: request.method,
  url: request.url,
  statusCode: reply.statusCode,
  responseTimeMs: Math.round(reply.elapsedTime),
  transactionId: transactionIds.get(request.raw),
});

/** One line per answered request (health probes and scrapes excepted), with its transactionId when known. */
export function installRequestLogging(
  fastify: FastifyInstance,
  logger: AppLogger,
  options: RequestLogOptions = {},
): void {
  const message = options.message ?? 'request completed';
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_ROUTES.test(request.url)) {
      const route = request.routeOptions.config as RequestLogRouteConfig | undefined;
      const fields = route?.requestLogFields ?? options.fields ?? urlFields;
      logger.info({ reqId: request.id, ...fields(request, reply) }, message);
    }
    done();
  });
}
