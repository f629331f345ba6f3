import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { APP_VERSION } from '../config/version.js';

const startedAt = Date.now();

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: the database answers' })
  async ready(): Promise<{ status: string; database: string }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'Database is not reachable');
    }
    return { status: 'ready', database: 'ok' };
  }

  @Get('v1/status')
  @ApiOperation({ summary: 'Version and uptime' })
  status(): { version: string; uptimeSeconds: number; startedAt: string } {
    return { version: APP_VERSION, uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000), startedAt: new Date(startedAt).toISOString() };
  }
}
