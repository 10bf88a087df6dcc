import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '@app/access';
import { REDIS, pingRedis } from '@app/queue';

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

/**
 * Readiness of an app (API or worker): PostgreSQL and Redis both answer, or 503 naming the one
 * that does not.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  @Get()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachability' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    const probe = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        checks[name] = { status: 'up' };
      } catch (e) {
        checks[name] = { status: 'down', error: (e as Error).message };
      }
    };
    await Promise.all([probe('database', () => this.dataSource.query('SELECT 1')), probe('redis', () => pingRedis(this.redis))]);
    const ok = Object.values(checks).every((c) => c.status === 'up');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'error', checks };
  }
}
