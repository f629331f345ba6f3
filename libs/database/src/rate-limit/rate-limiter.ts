import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig, AppError, Clock } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { RedisRateCounter } from './redis-rate-counter.js';

/** API.md §1: every limit is per minute. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** A limit to count a hit against: the bucket names who is counted (`login:ip:1.2.3.4`), `limit` hits per window. */
export interface RateLimitBucket {
  bucket: string;
  limit: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The limit of the most constrained bucket (the one the headers describe). */
  limit: number;
  remaining: number;
  /** End of the current window, epoch seconds (`X-Ratelimit-Reset`). */
  resetAt: number;
  /** Seconds until the window ends, at least 1 (`Retry-After` when refused). */
  retryAfter: number;
}

/**
 * Fixed-window counters in `rate_limit_counters`, shared by every server process on the database: one
 * atomic upsert per hit (`INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count`), so
 * concurrent hits never lose a count. Every hit counts, refused ones included. Rows of past windows are
 * purged every minute (RateLimitPurger), keeping the table bounded by the traffic of about two windows.
 * With `REDIS_URL` set the same counters live in Redis instead (see RedisRateCounter); while Redis does not
 * answer, hits are counted in PostgreSQL so that the limits still hold.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimiter');
  private redis: RedisRateCounter | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.redisUrl) this.redis = new RedisRateCounter(this.config.redisUrl);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.close();
    this.redis = null;
  }

  /**
   * Counts one hit in each bucket (one statement, one round trip) and decides on the most constrained one.
   * Buckets with a limit of 0 are off and not counted; with none left, the hit is always allowed.
   */
  async hit(buckets: RateLimitBucket[]): Promise<RateLimitDecision> {
    const now = this.clock.now();
    const windowMs = RATE_LIMIT_WINDOW_SECONDS * 1000;
    const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    const resetAt = (windowStart.getTime() + windowMs) / 1000;
    const retryAfter = Math.max(1, Math.ceil(resetAt - now.getTime() / 1000));

    // One row per bucket: the same key twice in one INSERT ... ON CONFLICT would be an error.
    const limits = new Map<string, number>();
    for (const b of buckets) if (b.limit > 0) limits.set(b.bucket, Math.min(b.limit, limits.get(b.bucket) ?? Infinity));
    if (limits.size === 0) return { allowed: true, limit: 0, remaining: 0, resetAt, retryAfter };

    const rows = await this.count([...limits.keys()], windowStart, windowMs);

    let decision: RateLimitDecision | null = null;
    for (const row of rows) {
      const limit = limits.get(row.bucket)!;
      const remaining = Math.max(0, limit - row.count);
      const allowed = row.count <= limit;
      // The refusing bucket wins; among equals, the one with the least left.
      if (!decision || (decision.allowed && !allowed) || (decision.allowed === allowed && remaining < decision.remaining)) {
        decision = { allowed, limit, remaining, resetAt, retryAfter };
      }
    }
    return decision!;
  }

  private async count(buckets: string[], windowStart: Date, windowMs: number): Promise<Array<{ bucket: string; count: number }>> {
    if (this.redis) {
      try {
        return await this.redis.hit(buckets, windowStart, windowMs);
      } catch (error) {
        this.logger.warn(`Redis rate-limit counters unavailable, counting in PostgreSQL: ${String(error)}`);
      }
    }
    return (await this.dataSource.query(
      `INSERT INTO rate_limit_counters (bucket, window_start, count)
         SELECT b, $2::timestamptz, 1 FROM unnest($1::varchar[]) AS b
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
       RETURNING bucket, count`,
      [buckets, windowStart],
    )) as Array<{ bucket: string; count: number }>;
  }

  /** Deletes the counters of windows that have ended; returns how many. */
  async purge(): Promise<number> {
    const windowMs = RATE_LIMIT_WINDOW_SECONDS * 1000;
    const currentWindow = new Date(Math.floor(this.clock.now().getTime() / windowMs) * windowMs);
    const result = await this.dataSource.createQueryBuilder().delete().from('rate_limit_counters').where('window_start < :currentWindow', { currentWindow }).execute();
    return result.affected ?? 0;
  }

  /** The `X-Ratelimit-*` headers (API.md §1) describing a decision. */
  /**
   * Counts a call in `buckets` and returns the `X-Ratelimit-*` headers to send, or throws 429 RATE_LIMITED with
   * them. Buckets with limit 0 are off; with all of them off nothing is counted and no header is sent.
   */
  async enforce(buckets: RateLimitBucket[], message: string): Promise<Record<string, string>> {
    const decision = await this.hit(buckets);
    if (decision.limit === 0) return {};
    const headers = RateLimiter.headers(decision);
    if (!decision.allowed) throw new AppError('RATE_LIMITED', message, undefined, { retryAfter: decision.retryAfter, headers });
    return headers;
  }

  private static headers(decision: RateLimitDecision): Record<string, string> {
    return {
      'X-Ratelimit-Limit': String(decision.limit),
      'X-Ratelimit-Remaining': String(decision.remaining),
      'X-Ratelimit-Reset': String(decision.resetAt),
    };
  }
}
