import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// jest loads global setup as CommonJS without the module mapper, so this import has no .js extension.
// @ts-ignore TS2835: intentionally extension-less for jest's CommonJS loader
import { startEmbeddedPostgres } from '../libs/database/src/embedded-postgres';

/**
 * One PostgreSQL for the whole run: `DATABASE_URL` when set, otherwise an embedded server in a temp
 * directory. Each jest worker then creates its own databases on it (see libs/testing).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.GG_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gg-test-pg-'));
  const port = 30000 + Math.floor(Math.random() * 20000);
  const db = await startEmbeddedPostgres({
    dataDir,
    port,
    database: 'geckoguard_test',
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  process.env.GG_TEST_ADMIN_URL = db.url;
  (globalThis as { __GG_TEST_DB__?: { stop(): Promise<void>; dataDir: string } }).__GG_TEST_DB__ = { stop: db.stop, dataDir };
}
