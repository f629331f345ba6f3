export * from './domain/policy-types.js';
export * from './domain/policy.js';
export { isPlainObject } from './domain/policy-schema.js';
export * from './policies.module.js';
