import { Inject, Injectable } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  CheckpointedProjectionRunner,
  RejectedRecordPublisher,
  type ProjectionRunnerOptions,
} from '@mp/event-log';
import { ReadinessChecks } from '../health/readiness-checks';
import type { AppLogger } from '../logging/app-logger';
import { APP_LOGGER, APP_TRACER, DATA_SOURCE, KAFKA_CLIENT } from '../platform.tokens';

/**
 * What an app's projections are built from (apps with Kafka and PostgreSQL): checkpointed projection runners on the
 * app's Kafka client, data source, logger and tracer (a span per traced record's write), rejected-record publishers, and the readiness they report to.
 */
@Injectable()
export class ProjectionRunners {
  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) readonly logger: AppLogger,
    readonly readiness: ReadinessChecks,
    @Inject(APP_TRACER) private readonly tracer: Tracer,
  ) {}

  /** A runner for one projection; starting and stopping it is the caller's (its provider's lifecycle). */
  create<T, R = void>(
    options: Omit<ProjectionRunnerOptions<T, R>, 'kafka' | 'dataSource' | 'logger' | 'tracer'>,
  ): CheckpointedProjectionRunner<T, R> {
    const { kafka, dataSource, logger, tracer } = this;
    return new CheckpointedProjectionRunner({ kafka, dataSource, logger, tracer, ...options });
  }

  /** Where a projection keeps the records it cannot read (G8). */
  rejectedRecords(topic: string): RejectedRecordPublisher {
    return new RejectedRecordPublisher(this.kafka, topic);
  }
}
