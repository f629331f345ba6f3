import { resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

/** `DATABASE_URL` when set; otherwise an embedded PostgreSQL under `<dataDir>/postgres`. */
export async function resolveDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string;
  embeddedPort: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, stop: async () => {} };
  return startEmbeddedPostgres({
    dataDir: resolve(opts.dataDir, 'postgres'),
    port: opts.embeddedPort,
    database: 'geckoguard',
    log: opts.log,
  });
}
