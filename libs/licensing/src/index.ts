export * from './licensing.module.js';
export * from './domain/licensing-response.js';
export * from './domain/licensing-seat.js';
