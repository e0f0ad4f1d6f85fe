import { type TLSSocket } from 'node:tls';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { ES2PLUS_CONTENT_TYPE, es2plusPath, SMDP_FUNCTIONS } from '@mp/es2plus';
import {
  APP_CONFIG,
  APP_LOGGER,
  callerOf,
  HttpListeners,
  installAccessControl,
  protectedRoute,
  readHttpsOptions,
  type AppLogger,
} from '@mp/platform';
import { ES2_CLIENT, es2Access } from '../security/simulator-access';
import { SIMULATOR_STATE } from '../simulator.tokens';
import { type SimulatorState, type SmdpSimulatorConfig } from '../simulator.state';
import { Es2plusCallHandler } from './es2plus-call.handler';

/**
 * The ES2+ endpoint: its own HTTPS listener that demands a client certificate chained to the operator CA (mutual
 * TLS, section 14.1). A client without one, or with another, is answered 401/403 before its body is read, as at
 * every edge of ours (ADR 0016), so nothing reaches the handlers unauthenticated. Health, metrics and the admin API
 * stay on the app's plain port.
 */
@Injectable()
export class Es2plusHttpsServer implements OnModuleInit, OnModuleDestroy {
  private server: FastifyInstance | undefined;
  private listeningUrl: string | undefined;
  private readonly handler: Es2plusCallHandler;
  private readonly held = new Set<TLSSocket>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: SmdpSimulatorConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(SIMULATOR_STATE) state: SimulatorState,
    @Inject(HttpListeners) private readonly listeners: HttpListeners,
  ) {
    this.handler = new Es2plusCallHandler(state, config.smdpSimulator.smdpAddress);
  }

  /** `https://host:port` of the ES2+ endpoint (the real port when configured as 0). */
  get url(): string {
    if (this.listeningUrl === undefined) throw new Error('the ES2+ server is not listening');
    return this.listeningUrl;
  }

  async onModuleInit(): Promise<void> {
    const es2 = this.config.smdpSimulator.es2;
    const server = Fastify({
      https: await readHttpsOptions({
        certPath: es2.certPath,
        keyPath: es2.keyPath,
        clientCaPath: es2.clientCaPath,
      }),
      bodyLimit: 256 * 1024,
    });
    const routes = installAccessControl(server, es2Access());
    // Every body arrives as text: a wrong Content-Type is an ES2+ `Failed` answer (1.2.1), not a 415.
    server.removeAllContentTypeParsers();
    server.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    server.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      this.logger.warn({ err: error }, 'ES2+ request failed');
      void reply.status(error.statusCode ?? 500).send({ error: error.message });
    });
    for (const fn of SMDP_FUNCTIONS) {
      server.post(
        es2plusPath(fn),
        { config: protectedRoute(ES2_CLIENT) },
        async (request, reply) => {
          const socket = request.raw.socket as TLSSocket;
          const answer = await this.handler.handle(
            {
              function: fn,
              adminProtocol: request.headers['x-admin-protocol'] as string | undefined,
              contentType: request.headers['content-type'],
              rawBody: typeof request.body === 'string' ? request.body : '',
            },
            callerOf(request.raw)?.name ?? null,
          );
          if (answer.kind === 'drop') {
            reply.hijack();
            await this.hold(socket, answer.holdMs);
            return;
          }
          return reply
            .status(answer.httpStatus)
            .header('content-type', ES2PLUS_CONTENT_TYPE)
            .header('x-admin-protocol', 'gsma/rsp/v2.5.0')
            .send(JSON.stringify(answer.body));
        },
      );
    }
    await server.listen({ host: es2.host, port: es2.port });
    this.server = server;
    const address = server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : es2.port;
    this.listeningUrl = `https://${es2.host}:${port}`;
    this.listeners.add({ name: 'es2plus', url: this.listeningUrl, routes });
  }

  async onModuleDestroy(): Promise<void> {
    for (const socket of this.held) socket.destroy();
    await this.server?.close();
  }

  /** An injected timeout: keep the connection silent, then drop it (never an answer). */
  private async hold(socket: TLSSocket, ms: number): Promise<void> {
    this.held.add(socket);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.held.delete(socket);
    socket.destroy();
  }
}
