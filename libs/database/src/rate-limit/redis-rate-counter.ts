import { Redis } from 'ioredis';

/**
 * Fixed-window counters in Redis (`REDIS_URL`), shared by every server process that uses the same Redis:
 * one MULTI per hit with an INCR and a PEXPIRE per bucket, so counts are atomic and keys expire by
 * themselves a window after theirs ends.
 */
export class RedisRateCounter {
  private readonly client: Redis;

  constructor(url: string) {
    // A hit must not wait for reconnects: the limiter falls back to PostgreSQL when Redis does not answer.
    this.client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: true, lazyConnect: false });
    this.client.on('error', () => undefined);
  }

  static key(bucket: string, windowStart: Date): string {
    return `gg:rl:${bucket}:${windowStart.getTime() / 1000}`;
  }

  /** Counts one hit per bucket in the window starting at `windowStart`; returns the new counts. */
  async hit(buckets: string[], windowStart: Date, windowMs: number): Promise<Array<{ bucket: string; count: number }>> {
    const multi = this.client.multi();
    for (const bucket of buckets) {
      const key = RedisRateCounter.key(bucket, windowStart);
      multi.incr(key);
      multi.pexpire(key, 2 * windowMs);
    }
    const results = (await multi.exec()) ?? [];
    return buckets.map((bucket, i) => {
      const [error, count] = results[i * 2] ?? [new Error('no reply'), null];
      if (error) throw error;
      return { bucket, count: Number(count) };
    });
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
