export * from './domain/effective-expiry.js';
