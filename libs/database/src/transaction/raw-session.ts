import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';

export type RawClient = pg.PoolClient;

/**
 * A pooled connection for the hot path, where every round trip counts: a multi-statement simple query
 * (`BEGIN; SELECT ... FOR UPDATE; SELECT ...`) runs several statements — each with a fresh snapshot under
 * READ COMMITTED — in one round trip. Callers own BEGIN/COMMIT; a failure rolls back before the
 * connection returns to the pool.
 */
@Injectable()
export class RawSession {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (client: RawClient) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: RawClient }).databaseConnection;
    try {
      return await work(client);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/** SQL literal for the simple-query protocol (which takes no parameters). */
export function sqlLiteral(client: RawClient, value: string | number | boolean | Date | null | undefined | object): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('non-finite number in SQL');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `${client.escapeLiteral(value.toISOString())}::timestamptz`;
  if (typeof value === 'object') return `${client.escapeLiteral(JSON.stringify(value))}::jsonb`;
  return client.escapeLiteral(value);
}
