import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/access';
import { AppConfig } from '@app/config';
import { Metrics } from './metrics';
import { carriesMetricsToken } from './metrics-token';

/**
 * GET /metrics in Prometheus's text format, for a scraper holding METRICS_TOKEN (Bearer). Not a
 * person's route: no session, no LA, and no child's reference in any label. Off (404) without a token.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (!this.config.metricsToken) throw new NotFoundException('metrics are off: set METRICS_TOKEN to turn them on');
    if (!carriesMetricsToken(authorization, this.config.metricsToken)) {
      throw new UnauthorizedException('send the metrics token as Authorization: Bearer <METRICS_TOKEN>');
    }
    const body = await this.metrics.scrape();
    res.status(200).type(this.metrics.contentType).send(body);
  }
}
