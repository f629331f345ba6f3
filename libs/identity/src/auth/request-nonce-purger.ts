import { Injectable } from '@nestjs/common';
import { Clock, IntervalJob } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { NONCE_TTL_SECONDS } from './request-signature.js';

/**
 * Keeps `request_nonces` bounded (API.md §2: stored nonces are purged after 600 s): every minute, each
 * server process deletes the nonces whose replay window has passed, so the table holds at most about
 * 11 minutes of signed requests. Running it in several processes at once is harmless.
 */
@Injectable()
export class RequestNoncePurger extends IntervalJob {
  protected readonly name = 'RequestNonces';

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return 60;
  }

  protected async run(): Promise<string | null> {
    await this.purge();
    return null;
  }

  /** Deletes nonces older than their window now; returns how many. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - NONCE_TTL_SECONDS * 1000);
    const result = await this.dataSource.createQueryBuilder().delete().from('request_nonces').where('created_at < :cutoff', { cutoff }).execute();
    return result.affected ?? 0;
  }
}
