import { describe, expect, it } from '@jest/globals';
import { deriveLicenseStatus, type LicenseStatusInput } from './license-status.js';

const NOW = new Date('2030-06-01T00:00:00.000Z');
const PAST = new Date('2030-05-01T00:00:00.000Z');

const base: LicenseStatusInput = {
  expirationMode: 'never',
  expiresAt: null,
  expiresAfterDays: null,
  activatedAt: null,
  frozenAt: null,
  frozenMs: 0,
  frozenMsBeforeActivation: 0,
  revokedAt: null,
  lockedAt: null,
};
const expired: Partial<LicenseStatusInput> = { expirationMode: 'fixed', expiresAt: PAST };

describe('deriveLicenseStatus (API.md §4 precedence)', () => {
  it('is ACTIVE for a plain license', () => {
    expect(deriveLicenseStatus(base, NOW)).toBe('ACTIVE');
  });
  it('is EXPIRED once the effective expiry has passed', () => {
    expect(deriveLicenseStatus({ ...base, ...expired }, NOW)).toBe('EXPIRED');
  });
  it('is EXPIRED exactly at the expiry instant, ACTIVE one millisecond before', () => {
    const at = { ...base, expirationMode: 'fixed' as const, expiresAt: NOW };
    expect(deriveLicenseStatus(at, NOW)).toBe('EXPIRED');
    expect(deriveLicenseStatus(at, new Date(NOW.getTime() - 1))).toBe('ACTIVE');
  });
  it('FROZEN beats EXPIRED (a frozen license never expires while frozen)', () => {
    expect(deriveLicenseStatus({ ...base, ...expired, frozenAt: PAST }, NOW)).toBe('FROZEN');
  });
  it('LOCKED beats FROZEN and EXPIRED', () => {
    expect(deriveLicenseStatus({ ...base, ...expired, frozenAt: PAST, lockedAt: PAST }, NOW)).toBe('LOCKED');
  });
  it('REVOKED beats everything', () => {
    expect(deriveLicenseStatus({ ...base, ...expired, frozenAt: PAST, lockedAt: PAST, revokedAt: PAST }, NOW)).toBe('REVOKED');
  });
});
