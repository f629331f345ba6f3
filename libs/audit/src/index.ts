export * from './domain/audit-event.js';
export * from './audit-log.js';
export * from './audit.module.js';
export * from './persistence/audit-event.orm-entity.js';
export * from './queries/read-audit-events/audit-event-queries.js';
export * from './queries/read-audit-events/audit-horizon.sql.js';
export * from './stream/audit-stream.hub.js';
export * from './stream/audit-event-stream.js';
