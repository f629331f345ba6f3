import { AppConfig, ConfigError } from '@geckoguard/core';
import { resolveDatabase } from '@geckoguard/database';
import { createApp } from './create-app.js';
import { createRootLogger } from './config/pino-logger.js';

const SHUTDOWN_DEADLINE_MS = 30_000;

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = new AppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel);
  const database = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPort: config.embeddedPgPort,
    log: (line) => logger.debug({ context: 'embedded-postgres' }, line),
  });
  if (!config.databaseUrl) logger.info({ port: config.embeddedPgPort }, 'embedded PostgreSQL started');

  const app = await createApp({ config, databaseUrl: database.url, logger });
  await app.listen({ port: config.port, host: config.host });
  logger.info(`GeckoGuard listening on http://${config.host}:${config.port}`);

  // Graceful shutdown: stop accepting, let in-flight requests finish, close the pool, then stop the
  // embedded database so it shuts down cleanly. Should anything hold it up, the process exits anyway after
  // SHUTDOWN_DEADLINE_MS: a server asked to stop must stop (its transactions have committed or roll back).
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await app.close();
      await database.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
