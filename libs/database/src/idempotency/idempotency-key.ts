import { createHash } from 'node:crypto';

/** How long a stored response answers retries (API.md §1). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A claim whose request never finished (the process died between claim and completion) blocks retries
 * with 409 only this long; after it a retry may take the key over.
 */
export const IDEMPOTENCY_ABANDONED_CLAIM_MS = 5 * 60 * 1000;

/** Reflect metadata set by `@Idempotent()`. */
export const IDEMPOTENT_METADATA = 'geckoguard:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/**
 * The header value as sent, or `null` when absent; `invalid` when present but not 1..255 characters
 * (or sent more than once, which leaves it ambiguous).
 */
export function readIdempotencyKey(header: string | string[] | undefined): string | null | 'invalid' {
  if (header === undefined) return null;
  if (Array.isArray(header)) return 'invalid';
  if (header.length < 1 || header.length > IDEMPOTENCY_KEY_MAX_LENGTH) return 'invalid';
  return header;
}

/**
 * JSON with object keys sorted at every level, so two bodies that differ only in key order or
 * whitespace count as the same request. Values JSON cannot carry are dropped as JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

/** The fingerprint a retry must match: hex SHA-256 of the canonical JSON body (an absent body is `null`). */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
