export * from './licenses.module.js';
export * from './persistence/license.orm-entity.js';
export * from './domain/license-status.js';
export * from './domain/license-view.js';
export * from './domain/license-scope.js';
export * from './persistence/license.repository.js';
export * from './queries/read-licenses/license-queries.js';
