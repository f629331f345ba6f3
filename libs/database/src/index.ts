export * from './embedded-postgres.js';
export * from './database-url.js';
export * from './data-source-options.js';
export * from './database-errors.js';
export * from './transaction/transaction-runner.js';
export * from './persistence/rate-limit-counter.orm-entity.js';
export * from './persistence/idempotency-record.orm-entity.js';
