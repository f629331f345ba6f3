import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { IdempotencyStore } from './idempotency-store.js';

const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/** Keeps `idempotency_records` bounded: records past their 24 h are deleted every few minutes. */
@Injectable()
export class IdempotencyPurger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private readonly store: IdempotencyStore;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.store = new IdempotencyStore(dataSource);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.purge().catch((error: unknown) => this.logger.warn(`purging idempotency records failed: ${String(error)}`));
    }, PURGE_INTERVAL_MS);
    // Never keeps the process (or a test run) alive on its own.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes expired records now; returns how many. */
  purge(): Promise<number> {
    return this.store.purgeExpired(this.clock.now());
  }
}
