import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TransactionRunner } from '@geckoguard/database';
import { createTestDatabase } from '@geckoguard/testing';
import { createDataSource } from '../ormconfig.js';
import { untilSomeoneWaitsForALock } from './support/lock-waits.js';

describe('TransactionRunner', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let runner: TransactionRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    await ds.query('CREATE TABLE runner_rows (id int PRIMARY KEY, v int NOT NULL)');
    runner = new TransactionRunner(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function values(): Promise<number[]> {
    return ((await ds.query('SELECT v FROM runner_rows ORDER BY id')) as Array<{ v: number }>).map((r) => r.v);
  }

  it('runs a transaction again when PostgreSQL rolls it back to break a deadlock, and commits it once', async () => {
    await ds.query('TRUNCATE runner_rows');
    await ds.query('INSERT INTO runner_rows VALUES (1, 0), (2, 0)');
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      // The other transaction holds row 2 and will want row 1; ours holds row 1 and wants row 2.
      await other.query('BEGIN');
      await other.query(`SET LOCAL deadlock_timeout = '10s'`);
      await other.query('UPDATE runner_rows SET v = v + 1 WHERE id = 2');
      let attempts = 0;
      let otherDone: Promise<unknown> | null = null;
      const result = await runner.run(async (tx) => {
        attempts++;
        // Ours checks for the deadlock first, so ours is the one PostgreSQL rolls back.
        if (attempts === 1) await tx.query(`SET LOCAL deadlock_timeout = '50ms'`);
        await tx.query('UPDATE runner_rows SET v = v + 10 WHERE id = 1');
        if (attempts === 1) {
          otherDone = other.query('UPDATE runner_rows SET v = v + 1 WHERE id = 1').then(() => other.query('COMMIT'));
          await untilSomeoneWaitsForALock(ds);
        }
        await tx.query('UPDATE runner_rows SET v = v + 10 WHERE id = 2');
        return attempts;
      });
      await otherDone;
      expect(result).toBe(2);
      // Both transactions committed, each once.
      expect(await values()).toEqual([11, 11]);
    } finally {
      await other.end();
    }
  }, 30_000);

  it('does not run again after any other error', async () => {
    await ds.query('TRUNCATE runner_rows');
    let attempts = 0;
    await expect(
      runner.run(async (tx) => {
        attempts++;
        await tx.query('INSERT INTO runner_rows VALUES (1, 1)');
        await tx.query('INSERT INTO runner_rows VALUES (1, 2)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
    expect(await values()).toEqual([]);
  });
});
