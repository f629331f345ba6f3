import { randomToken } from '@geckoguard/core';
import { API_KEY_PREFIX_LENGTH } from '../domain/identity-rules.js';

/** A new API key: `gg_` + 32 random bytes (base64url). Only its SHA-256 is stored, with the visible prefix. */
export function newApiKey(): { key: string; prefix: string } {
  const key = `gg_${randomToken(32)}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX_LENGTH) };
}
