import { Module } from '@nestjs/common';
import { RateLimitPurger } from './rate-limit-purger.js';
import { RateLimiter } from './rate-limiter.js';

/** The shared rate limiter (and its purge timer); import it where an endpoint is limited. */
@Module({
  providers: [RateLimiter, RateLimitPurger],
  exports: [RateLimiter],
})
export class RateLimitModule {}
