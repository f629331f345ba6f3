/** Emails are compared and stored lower-cased and trimmed (API.md §2: one account per address). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids that are not UUIDs name nothing (404), and must not reach a uuid column (a 500). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export const PASSWORD_MIN_LENGTH = 10;
/** Bounds the work one login can make the KDF do. */
export const PASSWORD_MAX_LENGTH = 1024;

/** `gg_` + 32 random bytes, base64url; the first characters are kept as the key's visible prefix. */
export const API_KEY_PREFIX_LENGTH = 10;

export const OWNER_ONLY = 'Only an OWNER grants, changes or removes the OWNER role';
