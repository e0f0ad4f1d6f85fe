import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import type { AppConfig, AppName } from '@mp/config';
import { answerFrameworkError } from '../http/framework-errors';
import { createAppLogger, type AppLogger } from '../logging/app-logger';
import { NestPinoLogger } from '../logging/nest-pino.logger';
import { installRequestLogging } from '../logging/request-logging';
import { registerAppMetrics } from '../metrics/metrics.registry';
import { installAccessControl } from '../security/access-control';
import { registerAppTracing, startAppTracing } from '../tracing/app-tracing';
import { installHttpTracing } from '../tracing/http-tracing';
import type { AppDefinition } from './app-definition';
import { HttpListeners, type HttpListener } from './http-listeners';

export interface RunningApp {
  readonly name: AppName;
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly logger: AppLogger;
  /** The app's own port first, then the listeners its providers started; each with its route table. */
  readonly listeners: readonly HttpListener[];
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where the app's log lines go (stdout when absent); tests read them. */
  readonly logDestination?: DestinationStream;
}

/** Creates the app on Fastify, waits for its dependencies (bounded), and listens on its configured port. */
export async function startHttpApp<C extends AppConfig>(
  definition: AppDefinition<C>,
  config: C,
  options: StartOptions = {},
): Promise<RunningApp> {
  registerAppMetrics(config.appName);
  const logger = createAppLogger(config, options.logDestination);
  const tracing = startAppTracing(config);
  registerAppTracing(config, tracing);
  const https = definition.https ? await definition.https(config) : undefined;
  const adapter = new FastifyAdapter({
    ...(https ? { https } : {}),
    bodyLimit: 1024 * 1024,
    frameworkErrors: answerFrameworkError,
  });
  // Before Nest registers any route, so that every route must declare its access (G12).
  if (tracing.enabled) installHttpTracing(adapter.getInstance(), tracing.tracer);
  const routes = installAccessControl(adapter.getInstance(), definition.access?.(config) ?? {});
  installRequestLogging(adapter.getInstance(), logger);
  // abortOnError false: a failing dependency rejects here with its own clear error instead of exiting silently.
  const app = await NestFactory.create<NestFastifyApplication>(
    definition.module(config, logger),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(new NestPinoLogger(logger));
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    await tracing.shutdown();
    throw error;
  }
  const scheme = https ? 'https' : 'http';
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  const url = `${scheme}://${config.http.host}:${port}`;
  const others = app.get(HttpListeners);
  return {
    name: config.appName,
    url,
    app,
    logger,
    get listeners() {
      return [{ name: 'app', url, routes }, ...others.all()];
    },
    close: async () => {
      await app.close();
      await tracing.shutdown();
    },
  };
}
