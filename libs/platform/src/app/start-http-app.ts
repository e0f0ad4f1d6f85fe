import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, AppName } from '@mp/config';
import { answerFrameworkError } from '../http/framework-errors';
import { createAppLogger, type AppLogger } from '../logging/app-logger';
import { NestPinoLogger } from '../logging/nest-pino.logger';
import { installRequestLogging } from '../logging/request-logging';
import { registerAppMetrics } from '../metrics/metrics.registry';
import type { AppDefinition } from './app-definition';

export interface RunningApp {
  readonly name: AppName;
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly logger: AppLogger;
  close(): Promise<void>;
}

/** Creates the app on Fastify, waits for its dependencies (bounded), and listens on its configured port. */
export async function startHttpApp<C extends AppConfig>(
  definition: AppDefinition<C>,
  config: C,
): Promise<RunningApp> {
  registerAppMetrics(config.appName);
  const logger = createAppLogger(config);
  const https = definition.https ? await definition.https(config) : undefined;
  const adapter = new FastifyAdapter({
    ...(https ? { https } : {}),
    bodyLimit: 1024 * 1024,
    frameworkErrors: answerFrameworkError,
  });
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
    throw error;
  }
  const scheme = https ? 'https' : 'http';
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  return {
    name: config.appName,
    url: `${scheme}://${config.http.host}:${port}`,
    app,
    logger,
    close: () => app.close(),
  };
}
