import { Controller, Get, Inject, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { Public } from '../security/route-access';
import { KafkaHealthIndicator } from './kafka.health';
import { PostgresHealthIndicator } from './postgres.health';

/** Liveness: the process answers. Readiness: every dependency the app uses answers too. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Optional() @Inject(KafkaHealthIndicator) private readonly kafka?: KafkaHealthIndicator,
    @Optional()
    @Inject(PostgresHealthIndicator)
    private readonly postgres?: PostgresHealthIndicator,
  ) {}

  @Get('live')
  @Public('liveness probe: says only that the process answers')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @Public('readiness probe: says only whether Kafka and PostgreSQL answer')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [];
    const { kafka, postgres } = this;
    if (kafka) checks.push(() => kafka.check());
    if (postgres) checks.push(() => postgres.check());
    return this.health.check(checks);
  }
}
