import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { resetPreparedIfUnknown, runPrepared, type PreparedStatement } from './prepared-batch.js';

export type RawClient = pg.PoolClient;

/**
 * A pooled connection for the hot path, where every round trip counts: a batch of prepared statements
 * (`runPrepared`: BEGIN, a SELECT ... FOR UPDATE, ...) runs several statements — each with a fresh snapshot
 * under READ COMMITTED — in one round trip. Callers own BEGIN/COMMIT; a failure rolls back before the
 * connection returns to the pool.
 */
@Injectable()
export class RawSession {
  constructor(private readonly dataSource: DataSource) {}

  /** The driver's pg pool: the same connections TypeORM uses, without a QueryRunner per request. */
  private get pool(): pg.Pool {
    return (this.dataSource.driver as unknown as { master: pg.Pool }).master;
  }

  async run<T>(work: (client: RawClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(client);
    } catch (error) {
      await client
        .query('ROLLBACK')
        .then(() => resetPreparedIfUnknown(client))
        .catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** One prepared statement in its own implicit transaction (`runPrepared`); its rows. */
  async prepared<T>(statement: PreparedStatement, values: readonly unknown[]): Promise<T[]> {
    const [result] = await this.run((client) => runPrepared(client, [{ statement, values }]));
    return result!.rows as T[];
  }
}
