/** Emails are compared and stored lower-cased and trimmed (API.md §2: one account per address). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}


export const PASSWORD_MIN_LENGTH = 10;
/** Bounds the work one login can make the KDF do. */
export const PASSWORD_MAX_LENGTH = 1024;

/** `gg_` + 32 random bytes, base64url; the first characters are kept as the key's visible prefix. */
export const API_KEY_PREFIX_LENGTH = 10;

export const OWNER_ONLY = 'Only an OWNER grants, changes or removes the OWNER role';
