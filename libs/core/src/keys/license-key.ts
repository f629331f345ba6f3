import { randomBytes } from 'node:crypto';
import { sha256Hex } from './secrets.js';

/** License keys of API.md §4. */

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const GROUPS = 5;
const GROUP_LENGTH = 5;
const KEY_CHARS = GROUPS * GROUP_LENGTH;
/** 25 characters × 5 bits = 125 bits, drawn from the first 16 random bytes. */
const KEY_BYTES = Math.ceil((KEY_CHARS * 5) / 8);

export const CUSTOM_KEY_MIN_LENGTH = 8;
export const CUSTOM_KEY_MAX_LENGTH = 128;

const GENERATED_KEY = /^[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){4}$/;
// Every letter but U: I, L and O are the look-alikes people type for 1, 1 and 0; U has no Crockford reading.
const GENERATED_KEY_LOOSE = /^[0-9A-TV-Z]{5}(?:-[0-9A-TV-Z]{5}){4}$/;
const CUSTOM_KEY = /^[A-Za-z0-9_-]+$/;

export function generateLicenseKey(): string {
  return encodeLicenseKey(randomBytes(KEY_BYTES));
}

/**
 * Formats the first 125 bits of `bytes` as a key. Each character takes exactly 5 bits, so every alphabet
 * character is equally likely (no modulo bias).
 */
export function encodeLicenseKey(bytes: Uint8Array): string {
  if (bytes.length < KEY_BYTES) throw new RangeError(`encodeLicenseKey needs at least ${KEY_BYTES} bytes`);
  let out = '';
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < KEY_CHARS; i++) {
    if (bits < 5) {
      buffer = ((buffer << 8) | bytes[index++]) & 0xfff;
      bits += 8;
    }
    bits -= 5;
    out += CROCKFORD_ALPHABET[(buffer >> bits) & 0x1f];
    if (i % GROUP_LENGTH === GROUP_LENGTH - 1 && i < KEY_CHARS - 1) out += '-';
  }
  return out;
}

/**
 * The form keys are stored, compared and hashed in: whitespace removed (so pasted keys with stray spaces or
 * line breaks match), ASCII letters upper-cased, and — only for keys in the generated layout — `I`/`L` read as
 * `1` and `O` as `0`. Keys outside that layout keep their I, L and O: there they are distinct characters,
 * and a custom key in the generated layout is normalized like a generated one, so the two cannot collide.
 * Only ASCII is upper-cased so that look-alike Unicode letters (e.g. dotless ı → I) cannot reach a key.
 * Idempotent: normalizing a normalized key returns it unchanged.
 */
export function normalizeLicenseKey(raw: string): string {
  const compact = raw.replace(/\s+/g, '').replace(/[a-z]+/g, (s) => s.toUpperCase());
  if (!GENERATED_KEY_LOOSE.test(compact)) return compact;
  return compact.replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Whether the normalized key has the generated layout (5 groups of 5 Crockford characters). */
export function isGeneratedKeyFormat(normalized: string): boolean {
  return GENERATED_KEY.test(normalized);
}

/**
 * Validates a vendor-chosen key. The rule (8–128 of `[A-Za-z0-9_-]`) applies to the normalized form: whitespace
 * is dropped by normalization before any comparison, so it is not part of the key and does not count toward
 * its length. Callers store `normalizeLicenseKey(raw)`.
 */
export function isValidCustomKey(raw: string): boolean {
  const normalized = normalizeLicenseKey(raw);
  return (
    normalized.length >= CUSTOM_KEY_MIN_LENGTH && normalized.length <= CUSTOM_KEY_MAX_LENGTH && CUSTOM_KEY.test(normalized)
  );
}

/** The lookup hash of a key; pass the normalized key so every spelling of it hashes the same. */
export function hashLicenseKey(normalized: string): string {
  return sha256Hex(normalized);
}
