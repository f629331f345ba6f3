export * from './domain/blacklist-rule.js';
export * from './persistence/blacklist-entry.orm-entity.js';
export * from './blacklists.module.js';
export * from './domain/blacklist-value.js';
export * from './domain/blacklist-entry-view.js';
