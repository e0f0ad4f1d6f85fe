import {
  Controller,
  Get,
  Inject,
  Optional,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { RETRY_AFTER_SECONDS } from '../http/api-error';
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
  @Public('readiness probe: whether Kafka, PostgreSQL and each part of the app can do its work')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthCheckResult | NotReadyBody> {
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
    try {
      return await this.health.check(checks);
    } catch (error) {
      // terminus answers "not ready" with an exception carrying every check's detail; the error filter would keep
      // only its message, and an operator needs to see which part is down and why.
      const result = notReadyResult(error);
      if (result === undefined) throw error;
      void reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS));
      const down = Object.keys(result.error ?? {});
      return {
        error: { code: 'NOT_READY', message: `Not ready: ${down.join(', ')}.` },
        status: result.status,
        info: result.info ?? {},
        details: result.details,
      };
    }
  }
}

/** The standard error body, with terminus' report of every check beside it. */
export interface NotReadyBody {
  readonly error: { readonly code: 'NOT_READY'; readonly message: string };
  readonly status: HealthCheckResult['status'];
  readonly info: NonNullable<HealthCheckResult['info']>;
  readonly details: HealthCheckResult['details'];
}

function notReadyResult(error: unknown): HealthCheckResult | undefined {
  if (!(error instanceof ServiceUnavailableException)) return undefined;
  const response = error.getResponse();
  const looksLikeResult =
    typeof response === 'object' && response !== null && 'details' in response;
  return looksLikeResult ? (response as HealthCheckResult) : undefined;
}
