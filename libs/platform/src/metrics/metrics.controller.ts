import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../security/route-access';
import { metricsRegistry } from './metrics.registry';

@Controller('metrics')
export class MetricsController {
  @Get()
  @Public('Prometheus scrape: counters and timings, no identifiers or secrets')
  @Header('Content-Type', metricsRegistry.contentType)
  scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
