import { Module } from '@nestjs/common';
import { IdempotencyPurger } from './idempotency-purger.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * The periodic purge of expired keys. `@Idempotent()` itself needs nothing from here: its interceptor
 * depends only on global providers (DataSource, Clock), so any module's controller can use it.
 */
@Module({
  providers: [IdempotencyInterceptor, IdempotencyPurger],
  exports: [IdempotencyInterceptor, IdempotencyPurger],
})
export class IdempotencyModule {}
