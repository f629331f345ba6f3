import { AppError } from '@geckoguard/core';
import { DEFAULT_SESSION_TTL_SECONDS, type EffectivePolicy, resolveEffectivePolicy } from '@geckoguard/policies';
import type { EntityManager } from 'typeorm';
import type { LicenseScope, SessionView } from '../domain/session-view.js';

export interface SessionRow {
  id: string;
  session_id_hash: string;
  ip_hash: string | null;
  hwid_hash: string | null;
  device_id: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  ended_at: Date | null;
}

export const SESSION_COLUMNS = 'id, session_id_hash, ip_hash, hwid_hash, device_id, created_at, last_seen_at, expires_at, revoked_at, ended_at';

export function toSessionView(row: SessionRow): SessionView {
  return {
    id: row.id,
    sessionIdHash: row.session_id_hash,
    ipHash: row.ip_hash,
    hwidHash: row.hwid_hash,
    deviceId: row.device_id,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
  };
}

export interface ScopedLicense {
  id: string;
  orgId: string;
  productId: string;
  /** Null only if the stored policies no longer merge into a valid one (product updates refuse that). */
  policy: EffectivePolicy | null;
  sessionTtlSeconds: number;
}

/**
 * The license of `scope` with its session TTL, 404 when it is not there. With `lock`, its row is locked
 * FOR UPDATE first: authorization takes the same lock, so a revoke and a decision never interleave.
 */
export async function findScopedLicense(q: Pick<EntityManager, 'query'>, scope: Omit<LicenseScope, 'actor'>, lock: boolean): Promise<ScopedLicense> {
  const rows = (await q.query(
    `SELECT l.id, l.org_id, l.product_id, l.policy_override, p.default_license_policy
       FROM licenses l JOIN products p ON p.id = l.product_id
      WHERE l.id = $1 AND l.org_id = $2 AND ($3::uuid IS NULL OR l.product_id = $3)
      ${lock ? 'FOR UPDATE OF l' : ''}`,
    [scope.licenseId, scope.orgId, scope.productId ?? null],
  )) as Array<{ id: string; org_id: string; product_id: string; policy_override: Record<string, unknown> | null; default_license_policy: Record<string, unknown> }>;
  const row = rows[0];
  if (!row) throw AppError.notFound('License');
  const policy = resolveEffectivePolicy(row.default_license_policy, row.policy_override).effective;
  return {
    id: row.id,
    orgId: row.org_id,
    productId: row.product_id,
    policy,
    sessionTtlSeconds: policy?.limits.concurrency.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
  };
}
