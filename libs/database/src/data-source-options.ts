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
    extra: { max: poolSize },
  };
}
