import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@mp/platform';
import { SmdpGateway } from '../es2/smdp-gateway';

/**
 * The breaker towards the SM-DP+, for people and probes. Kept out of /health/ready on purpose: an unreachable
 * SM-DP+ must not take the adapter out of service (it still takes notifications and reports `unavailable`).
 */
@Controller('health')
export class SmdpHealthController {
  constructor(@Inject(SmdpGateway) private readonly gateway: SmdpGateway) {}

  @Get('smdp')
  @Public('health of the link to the SM-DP+: the breaker state and its last failure')
  smdp(@Res({ passthrough: true }) reply: FastifyReply) {
    const circuit = this.gateway.executor.circuit;
    const up = circuit === 'closed' || circuit === 'halfOpen';
    void reply.status(up ? 200 : 503);
    return {
      status: up ? 'up' : 'down',
      circuit,
      lastFailure: this.gateway.executor.lastFailure,
    };
  }
}
