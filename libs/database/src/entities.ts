import { IdempotencyRecordOrmEntity } from './persistence/idempotency-record.orm-entity.js';
import { RateLimitCounterOrmEntity } from './persistence/rate-limit-counter.orm-entity.js';

/** Entities owned by the database lib itself (infrastructure tables). */
export const DATABASE_ENTITIES = [RateLimitCounterOrmEntity, IdempotencyRecordOrmEntity];
