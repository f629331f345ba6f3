export * from './domain/binding-rule.js';
export * from './domain/ip-address.js';
export * from './persistence/binding.orm-entity.js';
export * from './bindings.module.js';
export * from './domain/reset-budget.js';
export * from './persistence/license-reset.orm-entity.js';
