import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@mp/platform';
import { notesOf } from './get-balance.request-notes';

const requests = new Counter({
  name: 'mobileplans_get_balance_requests_total',
  help: 'GetBalance listener answers, by HTTP status and error code ("" for a 200).',
  labelNames: ['status', 'code'],
  registers: [metricsRegistry],
});

const duration = new Histogram({
  name: 'mobileplans_get_balance_request_duration_seconds',
  help: 'GetBalance listener answers, from the request to the end of the answer.',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

/** An onResponse hook: counts the answer and observes its latency. */
export function observeGetBalance(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  requests.inc({ status: reply.statusCode, code: notesOf(request).code ?? '' });
  duration.observe(reply.elapsedTime / 1000);
  done();
}
