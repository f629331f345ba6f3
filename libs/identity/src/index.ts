// The module (with its handlers, which import @geckoguard/audit, whose controller imports this barrel) comes
// last: by then the guards and decorators above are initialized, whichever lib is loaded first.
export * from './domain/roles.js';
export * from './domain/api-key-permissions.js';
export * from './auth/principal.js';
export * from './auth/route-decorators.js';
export * from './auth/org-access.guard.js';
export * from './auth/api-key-access.guard.js';
export * from './auth/request-signature.guard.js';
export * from './auth/api-key-in-handler.js';
export * from './auth/jwt-auth.guard.js';
export * from './auth/api-key-auth.guard.js';
export * from './auth/request-nonce-purger.js';
export * from './auth/password-hasher.js';
export * from './identity.module.js';
