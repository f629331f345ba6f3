import type { ExpirationMode } from '@geckoguard/expiration';
import type { LicenseStatus } from './license-status.js';

export interface LicenseContactView {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/**
 * A license as the API shows it (API.md §4): every field present, null when without a value. `status` and
 * `effectiveExpiresAt` are derived from the stored fields at the server clock's "now".
 */
export interface LicenseView {
  id: string;
  orgId: string;
  productId: string;
  key: string;
  status: LicenseStatus;
  expirationMode: ExpirationMode;
  expiresAt: string | null;
  expiresAfterDays: number | null;
  activatedAt: string | null;
  effectiveExpiresAt: string | null;
  frozen: boolean;
  frozenAt: string | null;
  revokedAt: string | null;
  /** The reason given when revoking; not in the §4 list, shown next to `lockReason` for the same purpose. */
  revokeReason: string | null;
  lockedAt: string | null;
  lockReason: string | null;
  policyOverride: Record<string, unknown> | null;
  isTrial: boolean;
  contact: LicenseContactView;
  companyName: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export const LICENSE_STATUSES = ['ACTIVE', 'EXPIRED', 'FROZEN', 'LOCKED', 'REVOKED'] as const satisfies readonly LicenseStatus[];
export const EXPIRATION_MODES = ['never', 'fixed', 'afterActivation', 'both'] as const satisfies readonly ExpirationMode[];

/** `metadata` is an object of at most 16 KB as JSON (API.md §4). */
export const METADATA_MAX_BYTES = 16 * 1024;
/** `count` on create: 1..500 licenses, created all or nothing. */
export const MAX_LICENSES_PER_CREATE = 500;
/** Ids per bulk action. */
export const MAX_BULK_LICENSE_IDS = 1000;
export const EXPIRES_AFTER_DAYS_MIN = 1;
export const EXPIRES_AFTER_DAYS_MAX = 36_500;

/** The fields a PATCH may change besides `frozen`, in the order `license.updated` lists them. */
export const LICENSE_MUTABLE_FIELDS = [
  'expirationMode',
  'expiresAt',
  'expiresAfterDays',
  'policyOverride',
  'isTrial',
  'contact',
  'companyName',
  'metadata',
] as const;
export type LicenseMutableField = (typeof LICENSE_MUTABLE_FIELDS)[number];
