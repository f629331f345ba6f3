export * from './domain/effective-expiry.js';
export * from './persistence/effective-expiry.sql.js';
export * from './persistence/license-expiry-mark.orm-entity.js';
export * from './commands/record-expiries/record-expiries.command.js';
export * from './jobs/expiry-sweep.scheduler.js';
export * from './expiration.module.js';
