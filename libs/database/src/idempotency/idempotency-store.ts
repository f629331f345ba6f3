import type { DataSource } from 'typeorm';
import { IDEMPOTENCY_ABANDONED_CLAIM_MS, IDEMPOTENCY_TTL_MS } from './idempotency-key.js';

/** Where a key lives: organization (or user) scope, method, path, key. */
export interface IdempotencyRecordId {
  scope: string;
  method: string;
  path: string;
  key: string;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'in_progress' }
  | { kind: 'key_reused' };

interface RecordRow {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
  created_at: Date;
}

const PK = 'scope = $1 AND method = $2 AND path = $3 AND idempotency_key = $4';

function pk(id: IdempotencyRecordId): string[] {
  return [id.scope, id.method, id.path, id.key];
}

/** TypeORM answers UPDATE/DELETE with `[rows, rowCount]` and everything else with the rows. */
function affected(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/**
 * `idempotency_records` through plain SQL. The claim is an `INSERT ... ON CONFLICT DO NOTHING`, so of two
 * concurrent requests with one key exactly one runs the handler, also across server processes.
 */
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async claim(id: IdempotencyRecordId, hash: string, now: Date): Promise<ClaimOutcome> {
    // A few rounds at most: each lost round means another request removed or replaced the record meanwhile.
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted = await this.dataSource.query(
        `INSERT INTO idempotency_records (scope, method, path, idempotency_key, request_hash, status_code, response_body, created_at)
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6) ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
        [...pk(id), hash, now],
      );
      if (affected(inserted) === 1) return { kind: 'claimed' };

      const rows = (await this.dataSource.query(
        `SELECT request_hash, status_code, response_body, created_at FROM idempotency_records WHERE ${PK}`,
        pk(id),
      )) as RecordRow[];
      const row = rows[0];
      if (!row) continue;
      const createdAt = new Date(row.created_at);
      const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
      if (createdAt.getTime() <= expiredBefore.getTime()) {
        // Expired but not purged yet: it no longer counts. Remove it (not a fresh claim made meanwhile) and claim again.
        await this.dataSource.query(`DELETE FROM idempotency_records WHERE ${PK} AND created_at <= $5`, [...pk(id), expiredBefore]);
        continue;
      }
      if (row.request_hash !== hash) return { kind: 'key_reused' };
      if (row.status_code !== null) return { kind: 'replay', statusCode: row.status_code, body: row.response_body };
      const abandonedBefore = new Date(now.getTime() - IDEMPOTENCY_ABANDONED_CLAIM_MS);
      if (createdAt.getTime() > abandonedBefore.getTime()) return { kind: 'in_progress' };
      // The first request's process died before it finished: take the claim over. The row lock makes one
      // taker win; the others see the refreshed created_at and match nothing.
      const taken = await this.dataSource.query(
        `UPDATE idempotency_records SET created_at = $5 WHERE ${PK} AND status_code IS NULL AND created_at <= $6 RETURNING 1`,
        [...pk(id), now, abandonedBefore],
      );
      if (affected(taken) === 1) return { kind: 'claimed' };
    }
    return { kind: 'in_progress' };
  }

  /** Stores the first response; later retries replay it. */
  async complete(id: IdempotencyRecordId, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_records SET status_code = $5, response_body = $6::json WHERE ${PK} AND status_code IS NULL`,
      [...pk(id), statusCode, JSON.stringify(body ?? null)],
    );
  }

  /** Gives the key back after a failure (5xx), so a retry runs the request again. */
  async release(id: IdempotencyRecordId): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_records WHERE ${PK} AND status_code IS NULL`, pk(id));
  }

  /** Deletes records older than 24 h; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM idempotency_records WHERE created_at <= $1`, [
      new Date(now.getTime() - IDEMPOTENCY_TTL_MS),
    ]);
    return affected(result);
  }
}
