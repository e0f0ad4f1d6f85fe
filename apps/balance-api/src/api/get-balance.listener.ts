import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { BalanceApiConfig } from '@mp/config';
import type { GetBalanceErrorCode } from '@mp/contracts';
import {
  answerFrameworkError,
  ApiError,
  RETRY_AFTER_SECONDS,
  APP_CONFIG,
  APP_LOGGER,
  authenticate,
  errorAnswer,
  errorBody,
  HttpListeners,
  installAccessControl,
  installRequestLogging,
  protectedRoute,
  publicRoute,
  readHttpsOptions,
  type AccessPolicy,
  type AppLogger,
  type ErrorBody,
  type ErrorStatuses,
  type RequestLogRouteConfig,
} from '@mp/platform';
import { balanceApiOpenApi } from '../openapi/balance-api.openapi';
import { balanceAccess, MICROSOFT } from '../security/balance-access';
import { GetBalanceAccessLog, getBalanceAccessFields } from './get-balance.access-log';
import { observeGetBalance } from './get-balance.metrics';
import { noteRequest } from './get-balance.request-notes';
import { GetBalanceRateLimited, GetBalanceService } from './get-balance.service';
import { readTransactionIdHeader, TRANSACTION_ID_HEADER } from './transaction-id.header';

const JSON_TYPE = 'application/json; charset=utf-8';

/** The HTTP status of each GetBalance code (mobile-plans.md section 5; D1–D17). */
export const GET_BALANCE_ERROR_STATUSES: ErrorStatuses<GetBalanceErrorCode> = {
  TOO_MANY_REQUESTS: 429,
  INVALID_HEADER: 400,
  INVALID_PARAMETER: 400,
  TRANSACTION_ID_REPEATED: 409,
  SIM_NOT_FOUND: 404,
  BALANCE_STORE_UNAVAILABLE: 500,
  // Microsoft's table has no 503: an outage on our side is its documented 500, naming the cause, with a retry hint.
  DATABASE_UNAVAILABLE: 500,
};

/**
 * Microsoft's GetBalance (mobile-plans.md section 5) on its own HTTPS listener. TLS asks for a client certificate
 * without refusing the handshake, so that D1's verdicts are JSON answers. The route is plain Fastify, not a Nest
 * controller: the hottest route of the system skips Nest's per-request pipeline, which cost about half its
 * throughput in bench/get-balance. Every answer of the listener gets an access log line (without the SIM's ICCID
 * or any credential) and is counted in the metrics the app's /metrics serves. In the benchmark-only plain-HTTP mode
 * the route is served on the app's port instead, with the same log fields and metrics.
 */
@Injectable()
export class GetBalanceListener implements OnModuleInit, OnModuleDestroy {
  private server: FastifyInstance | undefined;
  private listeningUrl: string | undefined;
  private readonly access: AccessPolicy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly accessLog: GetBalanceAccessLog,
    private readonly adapterHost: HttpAdapterHost,
    private readonly getBalance: GetBalanceService,
    private readonly listeners: HttpListeners,
  ) {
    this.access = balanceAccess(config);
  }

  /** Where GetBalance answers (the real port when configured as 0). */
  get url(): string {
    if (this.listeningUrl === undefined) throw new Error('GetBalance is not listening');
    return this.listeningUrl;
  }

  async onModuleInit(): Promise<void> {
    const settings = this.config.balanceApi;
    if (settings.insecurePlainHttp) {
      this.register(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), true);
      this.listeningUrl = `http://${this.config.http.host}:${this.config.http.port}`;
      return;
    }
    const server = Fastify({
      https: await readHttpsOptions(settings.tls),
      keepAliveTimeout: 72_000,
      frameworkErrors: answerFrameworkError,
    });
    const routes = installAccessControl(server, this.access);
    installRequestLogging(server, this.accessLog.logger, {
      fields: getBalanceAccessFields,
      message: 'GetBalance request',
    });
    server.addHook('onResponse', observeGetBalance);
    server.setNotFoundHandler((request, reply) => {
      noteRequest(request, { code: 'NOT_FOUND' });
      void reply
        .code(404)
        .header('content-type', JSON_TYPE)
        .send(errorBody('NOT_FOUND', `Cannot ${request.method} ${request.url}`));
    });
    this.register(server, false);
    server.get(
      '/openapi.json',
      { config: publicRoute('the OpenAPI document of GetBalance') },
      (_request, reply) => reply.header('content-type', JSON_TYPE).send(balanceApiOpenApi),
    );
    await server.listen({ host: settings.httpsHost, port: settings.httpsPort });
    this.server = server;
    const address = server.server.address();
    const port =
      typeof address === 'object' && address !== null ? address.port : settings.httpsPort;
    this.listeningUrl = `https://${settings.httpsHost}:${port}`;
    this.listeners.add({ name: 'get-balance', url: this.listeningUrl, routes });
    this.logger.info({ url: this.listeningUrl }, 'GetBalance listening (mTLS)');
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }

  /** On the app's own instance (plain HTTP), the route brings its log fields and metrics along. */
  private register(fastify: FastifyInstance, onAppInstance: boolean): void {
    const access = protectedRoute(MICROSOFT, 'handler');
    const logged: RequestLogRouteConfig = { requestLogFields: getBalanceAccessFields };
    fastify.get<{ Params: { simId: string } }>(
      '/v1/sims/:simId/balances',
      onAppInstance
        ? { config: { ...access, ...logged }, onResponse: observeGetBalance }
        : { config: access },
      async (request, reply) => {
        // D10: the caller's id (or one made here) is echoed on every answer, errors included.
        const transactionId = readTransactionIdHeader(request.headers['x-ms-dm-transactionid']);
        if (transactionId.echo !== undefined)
          void reply.header(TRANSACTION_ID_HEADER, transactionId.echo);
        try {
          const client = this.authenticate(request);
          const body = await this.getBalance.answer({
            client,
            transactionId,
            query: request.query as Record<string, unknown> | undefined,
            simId: request.params.simId,
          });
          return reply.code(200).header('content-type', JSON_TYPE).send(body);
        } catch (error) {
          if (error instanceof GetBalanceRateLimited) {
            void reply.header('Retry-After', String(error.retryAfterSeconds));
          }
          const [status, body] = this.errorAnswer(error);
          noteRequest(request, { code: body.error.code });
          if (status === 503 || body.error.code === 'DATABASE_UNAVAILABLE')
            void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
          return reply.code(status).header('content-type', JSON_TYPE).send(body);
        }
      },
    );
  }

  /** D1 then D2; returns who the client is, for its rate bucket (D11). */
  private authenticate(request: FastifyRequest): string {
    const verdict = authenticate(this.access, MICROSOFT, request);
    if (!verdict.ok) {
      noteRequest(request, { client: verdict.presented ?? null });
      throw new ApiError(verdict.status, verdict.code, verdict.message);
    }
    const { caller } = verdict;
    noteRequest(request, { client: caller.subject ?? caller.name });
    return caller.name;
  }

  private errorAnswer(error: unknown): [number, ErrorBody] {
    // GetBalanceService reports every expected failure by its code; anything else is a bug, answered without its
    // internals.
    return errorAnswer(
      error,
      (unexpected) => this.logger.error({ err: unexpected }, 'GetBalance failed unexpectedly'),
      GET_BALANCE_ERROR_STATUSES,
    );
  }
}
