import { isExpired, type ExpiryInput } from '@geckoguard/expiration';

export type LicenseStatus = 'REVOKED' | 'LOCKED' | 'FROZEN' | 'EXPIRED' | 'ACTIVE';

export interface LicenseStatusInput extends ExpiryInput {
  revokedAt: Date | null;
  lockedAt: Date | null;
}

/** API.md §4: revoked, else locked, else frozen, else expired, else active. */
export function deriveLicenseStatus(license: LicenseStatusInput, now: Date): LicenseStatus {
  if (license.revokedAt) return 'REVOKED';
  if (license.lockedAt) return 'LOCKED';
  if (license.frozenAt) return 'FROZEN';
  if (isExpired(license, now)) return 'EXPIRED';
  return 'ACTIVE';
}
