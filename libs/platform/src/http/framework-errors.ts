import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './api-error';

/**
 * Requests Fastify refuses before any route runs (a malformed percent-encoding in the URL, say) get the same JSON
 * error body as every other answer, instead of Fastify's own shape.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody('BAD_REQUEST', 'The request is malformed.'));
}
