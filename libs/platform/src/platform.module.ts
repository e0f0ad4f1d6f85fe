import { type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';
import { usesDatabase, usesKafka, type AppConfig } from '@mp/config';
import type { DataSourceParts } from '@mp/database';
import { createKafkaClient, KafkaClusterProbe, kafkaNamesFor } from '@mp/event-log';
import {
  APP_CONFIG,
  APP_LOGGER,
  APP_TRACER,
  DATA_SOURCE,
  KAFKA_CLIENT,
  KAFKA_NAMES,
} from './platform.tokens';
import { HttpListeners } from './app/http-listeners';
import { DataSourceLifecycle } from './database/data-source.lifecycle';
import { dataSourceProvider } from './database/database.providers';
import { PostgresHealthIndicator } from './health/postgres.health';
import type { AppLogger } from './logging/app-logger';
import { HealthController } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health';
import { KafkaStartupGate } from './health/kafka-startup.gate';
import { ReadinessChecks } from './health/readiness-checks';
import { HttpErrorFilter } from './http/http-error.filter';
import { TransactionIdInterceptor } from './logging/transaction-id.interceptor';
import { MetricsController } from './metrics/metrics.controller';
import { ProjectionRunners } from './projection/projection-runners';
import { appTracingOf } from './tracing/app-tracing';
import { TraceContextInterceptor } from './tracing/trace-context.interceptor';

/**
 * What every app gets: config, JSON logs, health (liveness and readiness over the dependencies the app uses),
 * Prometheus metrics, JSON errors, and the Kafka client, its names and the database connection when its config has
 * them.
 */
export class PlatformModule {
  static forApp(
    config: AppConfig,
    logger: AppLogger,
    data: Omit<DataSourceParts, 'migrations'> = {},
  ): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: APP_LOGGER, useValue: logger },
      { provide: APP_TRACER, useFactory: () => appTracingOf(config).tracer },
      { provide: APP_FILTER, useClass: HttpErrorFilter },
      // First: the transactionId interceptor and the handler then run inside the request's span.
      { provide: APP_INTERCEPTOR, useClass: TraceContextInterceptor },
      { provide: APP_INTERCEPTOR, useClass: TransactionIdInterceptor },
      ReadinessChecks,
      HttpListeners,
    ];
    const kafka = usesKafka(config) ? config.kafka : undefined;
    if (kafka) {
      providers.push(
        { provide: KAFKA_NAMES, useValue: kafkaNamesFor(kafka) },
        {
          provide: KAFKA_CLIENT,
          useFactory: () => createKafkaClient(kafka, logger),
        },
        {
          provide: KafkaClusterProbe,
          inject: [KAFKA_CLIENT],
          useFactory: (client: Kafka) => new KafkaClusterProbe(client, kafka.brokers),
        },
        KafkaHealthIndicator,
        KafkaStartupGate,
      );
    }
    const database = usesDatabase(config) ? config.database : undefined;
    if (database) {
      providers.push(
        dataSourceProvider(database, { applicationName: config.appName, ...data }),
        DataSourceLifecycle,
        PostgresHealthIndicator,
      );
    }
    if (kafka && database) providers.push(ProjectionRunners);
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers,
      exports: [
        APP_CONFIG,
        APP_LOGGER,
        APP_TRACER,
        ReadinessChecks,
        HttpListeners,
        ...(kafka ? [KAFKA_CLIENT, KAFKA_NAMES, KafkaClusterProbe] : []),
        ...(database ? [DATA_SOURCE] : []),
        ...(kafka && database ? [ProjectionRunners] : []),
      ],
    };
  }
}
