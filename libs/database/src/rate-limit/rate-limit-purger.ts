import { Injectable } from '@nestjs/common';
import { IntervalJob } from '@geckoguard/core';
import { RateLimiter } from './rate-limiter.js';

/** Keeps `rate_limit_counters` bounded by about two windows: counters of ended windows go every minute. */
@Injectable()
export class RateLimitPurger extends IntervalJob {
  protected readonly name = 'RateLimit';

  constructor(private readonly limiter: RateLimiter) {
    super();
  }

  protected intervalSeconds(): number {
    return 60;
  }

  protected async run(): Promise<string | null> {
    await this.limiter.purge();
    return null;
  }
}
