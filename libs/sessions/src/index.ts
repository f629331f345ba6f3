export * from './domain/session-rule.js';
export * from './persistence/session.orm-entity.js';
export * from './sessions.module.js';
export * from './domain/session-view.js';
export { findScopedLicense, type ScopedLicense } from './persistence/session-rows.js';
export { endOpenSession, type LockedLicense } from './persistence/end-open-session.js';
