import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startTestApp, type TestApp } from '@geckoguard/testing';

describe('DATABASE_POOL_SIZE', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('caps the connections a server process opens; more work waits for a free one', async () => {
    const observer = new pg.Client({ connectionString: t.databaseUrl });
    await observer.connect();
    try {
      const marker = `pool-probe-${Date.now()}`;
      const work = Array.from({ length: 5 }, () => t.dataSource.query(`SELECT pg_sleep(0.2), '${marker}' AS marker`));
      let done = false;
      const finished = Promise.all(work).finally(() => {
        done = true;
      });
      let most = 0;
      while (!done) {
        const { rows } = await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
          [marker],
        );
        most = Math.max(most, rows[0]!.n);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await finished).toHaveLength(5);
      expect(most).toBe(2);
    } finally {
      await observer.end();
    }
  });
});
