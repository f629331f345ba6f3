import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource } from '../../../ormconfig.js';

/**
 * Creates a fresh, migrated database for a test file on the run's PostgreSQL (embedded, or the server
 * of DATABASE_URL) and returns its URL. Refuses to work on a database whose name lacks "test".
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.GG_TEST_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('No test PostgreSQL: run through jest (global setup) or set DATABASE_URL');
  const admin = new URL(adminUrl);
  const adminDb = admin.pathname.replace(/^\//, '');
  if (!adminDb.includes('test')) throw new Error(`Refusing to run tests against database "${adminDb}": its name must contain "test"`);
  const name = `gg_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString(), 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await ds.destroy();
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
