import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, Clock } from '@geckoguard/core';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/create-app.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  clock: Clock;
  dataSource: DataSource;
  databaseUrl: string;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real server (Fastify, guards, pipes, filters) listening on a random port, on its own fresh
 * database. `env` overrides configuration (e.g. `{ ALLOW_SIGNUP: 'false' }`); `opts.logger` replaces the
 * server's pino logger (e.g. one writing to a buffer, to assert what gets logged).
 */
export async function startTestApp(env: Record<string, string> = {}, opts: { logger?: Logger } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = new AppConfig({
    NODE_ENV: 'test',
    ALLOW_SIGNUP: 'true',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // Background jobs run on real timers; tests drive them explicitly with the injected clock instead.
    EXPIRY_SWEEP_INTERVAL_SECONDS: '0',
    MISUSE_SCAN_INTERVAL_SECONDS: '0',
    ...env,
  });
  const clock = new Clock();
  const app = await createApp({ config, databaseUrl: db.url, clock, logger: opts.logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    dataSource: app.get(DataSource),
    databaseUrl: db.url,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
