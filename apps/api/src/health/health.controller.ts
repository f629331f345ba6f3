import { Controller, Get, Header, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppError, RawBody } from '@geckoguard/core';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_VERSION } from '../config/version.js';
import { installGracefulClose } from './graceful-close.hooks.js';
import { HttpMetrics } from './http-metrics.js';
import { installHttpMetrics } from './http-metrics.hooks.js';

const startedAt = Date.now();

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('operations')
@Controller()
export class HealthController implements OnModuleInit {
  /** One registry per application instance (tests run several in one process). */
  private readonly metrics = new HttpMetrics();

  constructor(
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * Module init runs before Fastify is ready, so the hooks cover every route. (They live here because this
   * controller is the operations part of the app module; createApp could install them just as well.)
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    installHttpMetrics(fastify, this.metrics);
    installGracefulClose(fastify);
  }

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

  @Get('metrics')
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics (text format 0.0.4)',
    description:
      'geckoguard_http_requests_total{method,route,status}, geckoguard_http_request_duration_seconds (histogram by method and route), ' +
      'geckoguard_authorizations_total{route,reason_code}. Not in the JSON envelope. Unauthenticated: expose it to your scraper only.',
  })
  metricsText(): RawBody<string> {
    return new RawBody(this.metrics.render());
  }
}
