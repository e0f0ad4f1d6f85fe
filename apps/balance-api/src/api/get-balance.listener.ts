import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BalanceApiConfig } from '@mp/config';
import {
  answerFrameworkError,
  ApiError,
  APP_CONFIG,
  APP_LOGGER,
  HttpListeners,
  installAccessControl,
  protectedRoute,
  publicRoute,
  readHttpsOptions,
  type AppLogger,
  type ErrorBody,
} from '@mp/platform';
import { balanceApiOpenApi } from '../openapi/balance-api.openapi';
import { balanceAccess, MICROSOFT } from '../security/balance-access';
import { GetBalanceService } from './get-balance.service';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Microsoft's GetBalance (mobile-plans.md section 5) on its own HTTPS listener. TLS asks for a client certificate
 * without refusing the handshake, so that D1's verdicts are JSON answers. The route is plain Fastify, not a Nest
 * controller: the hottest route of the system skips Nest's per-request pipeline, which cost about half its
 * throughput in bench/get-balance. In the benchmark-only plain-HTTP mode it is served on the app's port instead.
 * The route authenticates in GetBalanceService (`checkedBy: 'handler'`), where D10's echoed id comes first.
 */
@Injectable()
export class GetBalanceListener implements OnModuleInit, OnModuleDestroy {
  private server: FastifyInstance | undefined;
  private listeningUrl: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
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
      this.register(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
      this.listeningUrl = `http://${this.config.http.host}:${this.config.http.port}`;
      return;
    }
    const server = Fastify({
      https: await readHttpsOptions(settings.tls),
      keepAliveTimeout: 72_000,
      frameworkErrors: answerFrameworkError,
    });
    const routes = installAccessControl(server, balanceAccess(this.config));
    server.setNotFoundHandler((request, reply) => {
      void reply
        .code(404)
        .header('content-type', JSON_TYPE)
        .send({ error: { code: 'NOT_FOUND', message: `Cannot ${request.method} ${request.url}` } });
    });
    this.register(server);
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

  private register(fastify: FastifyInstance): void {
    fastify.get<{ Params: { simId: string } }>(
      '/v1/sims/:simId/balances',
      { config: protectedRoute(MICROSOFT, 'handler') },
      async (request, reply) => {
        try {
          const body = await this.getBalance.answer(request, reply, request.params.simId);
          return reply.code(200).header('content-type', JSON_TYPE).send(body);
        } catch (error) {
          const [status, body] = errorAnswer(error);
          return reply.code(status).header('content-type', JSON_TYPE).send(body);
        }
      },
    );
  }
}

function errorAnswer(error: unknown): [number, ErrorBody] {
  if (error instanceof ApiError) {
    const { code, message, parameter } = error;
    return [error.status, { error: parameter ? { code, message, parameter } : { code, message } }];
  }
  // GetBalanceService maps every expected failure; anything else is a bug, answered without its internals.
  return [
    500,
    { error: { code: 'INTERNAL', message: 'The service failed to handle the request.' } },
  ];
}
