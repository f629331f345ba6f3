import type { Actor } from '@geckoguard/audit';

/** A session as the dashboard sees it (API.md §7): hashes only, never the raw ids. */
export interface SessionView {
  id: string;
  sessionIdHash: string;
  ipHash: string | null;
  hwidHash: string | null;
  deviceId: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  endedAt: string | null;
}

/**
 * The license a session command acts on: the dashboard names it by id within the caller's organization;
 * an API key additionally within its product (another product's license is 404).
 */
export interface LicenseScope {
  orgId: string;
  licenseId: string;
  productId?: string;
  actor: Actor;
}
