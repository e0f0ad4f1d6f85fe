import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BalanceApiConfig } from '@mp/config';
import {
  answerFrameworkError,
  ApiError,
  apiErrorBody,
  RETRY_AFTER_SECONDS,
  APP_CONFIG,
  APP_LOGGER,
  HttpListeners,
  installAccessControl,
  installRequestLogging,
  INTERNAL_ERROR_BODY,
  protectedRoute,
  publicRoute,
  readHttpsOptions,
  type AppLogger,
  type ErrorBody,
  type RequestLogRouteConfig,
} from '@mp/platform';
import { balanceApiOpenApi } from '../openapi/balance-api.openapi';
import { balanceAccess, MICROSOFT } from '../security/balance-access';
import { GetBalanceAccessLog, getBalanceAccessFields } from './get-balance.access-log';
import { observeGetBalance } from './get-balance.metrics';
import { noteRequest } from './get-balance.request-notes';
import { GetBalanceService } from './get-balance.service';

const JSON_TYPE = 'application/json; charset=utf-8';

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

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly accessLog: GetBalanceAccessLog,
    private readonly adapterHost: HttpAdapterHost,
    private readonly getBalance: GetBalanceService,
    private readonly listeners: HttpListeners,
  ) {}

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
    const routes = installAccessControl(server, balanceAccess(this.config));
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
        .send({ error: { code: 'NOT_FOUND', message: `Cannot ${request.method} ${request.url}` } });
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
        try {
          const body = await this.getBalance.answer(request, reply, request.params.simId);
          return reply.code(200).header('content-type', JSON_TYPE).send(body);
        } catch (error) {
          const [status, body] = this.errorAnswer(error);
          noteRequest(request, { code: body.error.code });
          if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
          return reply.code(status).header('content-type', JSON_TYPE).send(body);
        }
      },
    );
  }

  private errorAnswer(error: unknown): [number, ErrorBody] {
    if (error instanceof ApiError) return [error.status, apiErrorBody(error)];
    // GetBalanceService maps every expected failure; anything else is a bug, answered without its internals.
    this.logger.error({ err: error }, 'GetBalance failed unexpectedly');
    return [500, INTERNAL_ERROR_BODY];
  }
}
