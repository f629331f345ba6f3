import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export function buildDataSourceOptions(
  url: string,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    poolSize,
    extra: { max: poolSize, ...socketHost(url) },
  };
}

/**
 * TypeORM reads host, port, user, password and database from the URL and drops its query. A Unix socket, written
 * as libpq and node-postgres do (`?host=/path/to/socket/dir`), goes to the driver as its host.
 */
function socketHost(url: string): { host?: string } {
  const host = new URL(url).searchParams.get('host');
  return host ? { host } : {};
}
