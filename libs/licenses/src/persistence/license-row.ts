import { computeEffectiveExpiry } from '@geckoguard/expiration';
import { deriveLicenseStatus } from '../domain/license-status.js';
import type { LicenseView } from '../domain/license-view.js';
import type { LicenseOrmEntity } from './license.orm-entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The API view of a stored license; status and effective expiry are computed at `now` (the injected clock). */
export function toLicenseView(l: LicenseOrmEntity, now: Date): LicenseView {
  return {
    id: l.id,
    orgId: l.orgId,
    productId: l.productId,
    key: l.key,
    status: deriveLicenseStatus(l, now),
    expirationMode: l.expirationMode,
    expiresAt: iso(l.expiresAt),
    expiresAfterDays: l.expiresAfterDays ?? null,
    activatedAt: iso(l.activatedAt),
    effectiveExpiresAt: iso(computeEffectiveExpiry(l, now).effectiveExpiresAt),
    frozen: l.frozenAt !== null,
    frozenAt: iso(l.frozenAt),
    revokedAt: iso(l.revokedAt),
    revokeReason: l.revokeReason ?? null,
    lockedAt: iso(l.lockedAt),
    lockReason: l.lockReason ?? null,
    policyOverride: l.policyOverride ?? null,
    isTrial: l.isTrial,
    contact: { firstName: l.contactFirstName ?? null, lastName: l.contactLastName ?? null, email: l.contactEmail ?? null },
    companyName: l.companyName ?? null,
    metadata: l.metadata ?? {},
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

/** The unique constraint on `key_hash` (initial migration): keys are unique across the server (API.md §4). */
export const LICENSE_KEY_HASH_CONSTRAINT = 'UQ_b7076906872dbc8f18d88108423';
