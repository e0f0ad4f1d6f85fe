import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import { KafkaClusterProbe } from '@mp/event-log';

export const READINESS_TIMEOUT_MS = 3000;

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(KafkaClusterProbe) private readonly probe: KafkaClusterProbe,
  ) {}

  check(): HealthCheckAttempt<'kafka'> {
    return this.indicators
      .check('kafka')
      .attempt(async () => ({ brokers: await this.probe.check(READINESS_TIMEOUT_MS) }))
      .withTimeout(READINESS_TIMEOUT_MS + 500);
  }
}
