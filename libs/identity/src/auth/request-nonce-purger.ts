import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { NONCE_TTL_SECONDS } from './request-signature.js';

const PURGE_INTERVAL_MS = 60 * 1000;

/**
 * Keeps `request_nonces` bounded (API.md §2: stored nonces are purged after 600 s): every minute, each
 * server process deletes the nonces whose replay window has passed, so the table holds at most about
 * 11 minutes of signed requests. Running it in several processes at once is harmless.
 */
@Injectable()
export class RequestNoncePurger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RequestNonces');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.purge().catch((error: unknown) => this.logger.warn(`purging request nonces failed: ${String(error)}`));
    }, PURGE_INTERVAL_MS);
    // Never keeps the process (or a test run) alive on its own.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes nonces older than their window now; returns how many. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - NONCE_TTL_SECONDS * 1000);
    const result = await this.dataSource.createQueryBuilder().delete().from('request_nonces').where('created_at < :cutoff', { cutoff }).execute();
    return result.affected ?? 0;
  }
}
