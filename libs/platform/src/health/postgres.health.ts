import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../platform.tokens';
import { READINESS_TIMEOUT_MS } from './kafka.health';

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  check(): HealthCheckAttempt<'postgres'> {
    return this.indicators
      .check('postgres')
      .attempt(async () => {
        await this.dataSource.query('SELECT 1');
        return {};
      })
      .withTimeout(READINESS_TIMEOUT_MS);
  }
}
