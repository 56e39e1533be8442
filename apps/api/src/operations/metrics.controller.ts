import { Controller, Get, Header, Inject } from '@nestjs/common';
import { METRICS } from '../infrastructure/tokens';
import { PlenaryMetrics } from './plenary-metrics';

/** Prometheus exposition of the service's metrics and the process's own. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: PlenaryMetrics) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
