import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { resetPreparedIfUnknown, runPrepared, type PreparedStatement } from '@geckoguard/database';
import { createTestDatabase } from '@geckoguard/testing';

const insertNote: PreparedStatement = { name: 'tb_insert', text: 'INSERT INTO batch_notes (id, at, doc, note) VALUES ($1, $2, $3, $4) RETURNING *' };
const countNotes: PreparedStatement = { name: 'tb_count', text: 'SELECT count(*)::int AS n FROM batch_notes' };
const begin: PreparedStatement = { name: 'tb_begin', text: 'BEGIN' };
const commit: PreparedStatement = { name: 'tb_commit', text: 'COMMIT' };
const broken: PreparedStatement = { name: 'tb_broken', text: 'SELEC 1' };

const bound = (statement: PreparedStatement, ...values: unknown[]) => ({ statement, values });

describe('runPrepared: prepared statements pipelined in one round trip', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query('CREATE TABLE batch_notes (id int PRIMARY KEY, at timestamptz NOT NULL, doc jsonb, note text)');
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE batch_notes');
  });

  /** A client of its own, with the number of writes its socket makes. */
  async function withClient<T>(work: (client: pg.PoolClient, writes: () => number) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const stream = (client as unknown as { connection: { stream: { write: (...args: unknown[]) => boolean } } }).connection.stream;
    const write = stream.write;
    let count = 0;
    stream.write = function (this: unknown, ...args: unknown[]) {
      count++;
      return write.apply(this, args);
    };
    try {
      return await work(client, () => count);
    } finally {
      stream.write = write;
      client.release(true);
    }
  }

  it('runs several statements with one write and returns each result in order, with typed values', async () => {
    await withClient(async (client, writes) => {
      const at = new Date('2026-11-25T10:00:00.123Z');
      const results = await runPrepared(client, [
        bound(begin),
        bound(insertNote, 1, at, JSON.stringify({ a: [1, 2] }), 'one'),
        bound(insertNote, 2, at, null, null),
        bound(countNotes),
        bound(commit),
      ]);
      expect(writes()).toBe(1);
      expect(results).toHaveLength(5);
      expect(results[0]).toEqual({ rows: [], rowCount: null });
      expect(results[1]!.rows).toEqual([{ id: 1, at, doc: { a: [1, 2] }, note: 'one' }]);
      expect(results[1]!.rowCount).toBe(1);
      expect(results[2]!.rows).toEqual([{ id: 2, at, doc: null, note: null }]);
      expect(results[3]!.rows).toEqual([{ n: 2 }]);
    });
    expect((await pool.query('SELECT id FROM batch_notes ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('prepares a statement once per connection, however often it runs', async () => {
    await withClient(async (client) => {
      await runPrepared(client, [bound(insertNote, 1, new Date(), null, 'a'), bound(insertNote, 2, new Date(), null, 'b')]);
      await runPrepared(client, [bound(insertNote, 3, new Date(), null, 'c'), bound(countNotes)]);
      const prepared = await client.query<{ name: string; runs: number }>(
        `SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name LIKE 'tb_%' ORDER BY name`,
      );
      expect(prepared.rows).toEqual([
        { name: 'tb_count', runs: 1 },
        { name: 'tb_insert', runs: 3 },
      ]);
    });
  });

  it('stops at the first error: the rest is skipped and the implicit transaction rolls back', async () => {
    await withClient(async (client) => {
      const failed = runPrepared(client, [
        bound(insertNote, 1, new Date(), null, 'kept?'),
        bound(insertNote, 1, new Date(), null, 'duplicate'),
        bound(insertNote, 2, new Date(), null, 'skipped'),
      ]);
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      await resetPreparedIfUnknown(client);
      expect((await client.query('SELECT count(*)::int AS n FROM batch_notes')).rows).toEqual([{ n: 0 }]);

      // The connection and its statements still work.
      const results = await runPrepared(client, [bound(insertNote, 3, new Date(), null, 'after'), bound(countNotes)]);
      expect(results[1]!.rows).toEqual([{ n: 1 }]);
    });
  });

  it('after a batch whose statement does not parse, the connection prepares its statements again', async () => {
    await withClient(async (client) => {
      // tb_insert's Parse is accepted, tb_broken's is not; the driver is not told which.
      await expect(runPrepared(client, [bound(insertNote, 1, new Date(), null, null), bound(broken)])).rejects.toMatchObject({ code: '42601' });
      await client.query('ROLLBACK');
      await resetPreparedIfUnknown(client);
      expect((await client.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows).toEqual([{ n: 0 }]);

      const results = await runPrepared(client, [bound(insertNote, 1, new Date(), null, 'again'), bound(countNotes)]);
      expect(results[1]!.rows).toEqual([{ n: 1 }]);
    });
  });

  it('prepares again after the server dropped a statement or a migration changed its result type', async () => {
    await withClient(async (client) => {
      await runPrepared(client, [bound(insertNote, 1, new Date(), null, 'one')]);
      const selectNotes: PreparedStatement = { name: 'tb_select', text: 'SELECT * FROM batch_notes ORDER BY id' };
      expect((await runPrepared(client, [bound(selectNotes)]))[0]!.rows).toEqual([expect.objectContaining({ id: 1, note: 'one' })]);

      // Dropped behind the connection's back, as a pooler's DISCARD ALL would.
      await client.query('DEALLOCATE tb_select');
      await expect(runPrepared(client, [bound(selectNotes)])).rejects.toMatchObject({ code: '26000' });
      await resetPreparedIfUnknown(client);
      expect((await runPrepared(client, [bound(selectNotes)]))[0]!.rows).toHaveLength(1);

      // Another process adds a column: the cached plan may not change its result type.
      await pool.query('ALTER TABLE batch_notes ADD COLUMN extra int DEFAULT 7');
      try {
        await expect(runPrepared(client, [bound(selectNotes)])).rejects.toMatchObject({ code: '0A000' });
        await resetPreparedIfUnknown(client);
        expect((await runPrepared(client, [bound(selectNotes)]))[0]!.rows).toEqual([expect.objectContaining({ id: 1, extra: 7 })]);
      } finally {
        await pool.query('ALTER TABLE batch_notes DROP COLUMN extra');
      }
    });
  });

  it('refuses a value it cannot send without writing anything, and the connection goes on', async () => {
    await withClient(async (client, writes) => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(runPrepared(client, [bound(insertNote, 1, new Date(), circular, null)])).rejects.toThrow(/circular/i);
      expect(writes()).toBe(0);
      await resetPreparedIfUnknown(client);
      const results = await runPrepared(client, [bound(insertNote, 1, new Date(), null, 'fine'), bound(countNotes)]);
      expect(results[1]!.rows).toEqual([{ n: 1 }]);
    });
  });

  it('keeps the transaction a batch opens with BEGIN open for the next batch', async () => {
    await withClient(async (client) => {
      await runPrepared(client, [bound(begin), bound(insertNote, 1, new Date(), null, 'pending')]);
      expect(client.getTransactionStatus()).toBe('T');
      expect((await pool.query('SELECT count(*)::int AS n FROM batch_notes')).rows).toEqual([{ n: 0 }]);
      await runPrepared(client, [bound(countNotes), bound(commit)]);
      expect(client.getTransactionStatus()).toBe('I');
      expect((await pool.query('SELECT count(*)::int AS n FROM batch_notes')).rows).toEqual([{ n: 1 }]);
    });
  });
});
