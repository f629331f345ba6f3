import { Injectable } from '@nestjs/common';
import { Clock, IntervalJob } from '@geckoguard/core';
import { DataSource } from 'typeorm';
import { IdempotencyStore } from './idempotency-store.js';

/** Keeps `idempotency_records` bounded: records past their 24 h are deleted every ten minutes. */
@Injectable()
export class IdempotencyPurger extends IntervalJob {
  protected readonly name = 'Idempotency';
  private readonly store: IdempotencyStore;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
    this.store = new IdempotencyStore(dataSource);
  }

  protected intervalSeconds(): number {
    return 600;
  }

  protected async run(): Promise<string | null> {
    await this.purge();
    return null;
  }

  /** Deletes expired records now; returns how many. */
  purge(): Promise<number> {
    return this.store.purgeExpired(this.clock.now());
  }
}
