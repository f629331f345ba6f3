export * from './licenses.module.js';
export * from './persistence/license.orm-entity.js';
