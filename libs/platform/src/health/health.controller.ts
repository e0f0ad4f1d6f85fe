import { Controller, Get, Inject, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { Public } from '../security/route-access';
import { KafkaHealthIndicator } from './kafka.health';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessChecks } from './readiness-checks';

/**
 * Liveness: the process answers. Readiness: every dependency the app uses answers too, and every part registered in
 * ReadinessChecks (projections, consumers) says it can do its work.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly parts: ReadinessChecks,
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
    for (const [name, { report, required }] of this.parts.entries()) {
      checks.push(() => {
        const { ready, ...detail } = report();
        const session = this.indicators.check(name);
        if (ready) return session.up(detail);
        return required ? session.down(detail) : session.degraded(detail);
      });
    }
    return this.health.check(checks);
  }
}
